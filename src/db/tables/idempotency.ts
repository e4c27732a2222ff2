import type { Generated } from 'kysely';
import type { NullableTimestamp, Timestamp } from '../columns.ts';

/* Keys of requests that create or send something, with the answer kept for repeats (src/idempotency/). */

export interface IdempotencyKeysTable {
  user_id: number;
  key: string;
  method: string;
  path: string;
  /** A random token of the request holding the key: only it may keep or free its answer. */
  claim: string;
  /** SHA-256 of what was asked (method, path, body); set when the first request finishes. */
  fingerprint: string | null;
  /** The first answer; null while the first request is still running. */
  status: number | null;
  response_type: string | null;
  response_location: string | null;
  response_body: string | null;
  claimed_at: Generated<Timestamp>;
  completed_at: NullableTimestamp;
  expires_at: Timestamp;
}
