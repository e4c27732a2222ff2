/*
 * What an idempotent request is, for the HTTP layer that honours keys
 * (src/http/idempotent.ts) and the store that keeps them
 * (src/idempotency/store.ts), which the web app joins.
 */

/** A key of one user, and what it was used for. */
export interface KeyUse {
  userId: number;
  key: string;
  method: string;
  /** Path and query of the request. */
  path: string;
}

/** The first request's answer, given again to repeats. */
export interface KeptAnswer {
  status: number;
  type: string | null;
  location: string | null;
  body: string;
}

/** Where keys and their answers are kept, shared by every web process. */
export interface IdempotencyStore {
  /** Claims the key for this request; null when another request holds or held it. */
  claim(use: KeyUse): Promise<string | null>;
  /** The first request's answer for a repeat (waiting for it while it runs). */
  repeated(use: KeyUse, fingerprint: string): Promise<KeptAnswer>;
  keep(use: KeyUse, claim: string, fingerprint: string, answer: KeptAnswer): Promise<void>;
  release(use: KeyUse, claim: string): Promise<void>;
  /** Whether an answer with this status is the key's for good (else the key is freed). */
  isKept(status: number): boolean;
}
