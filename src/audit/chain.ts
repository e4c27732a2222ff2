import { createHash, createHmac, hkdfSync } from 'node:crypto';

/** The hash every chain starts from. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * How an entry's hash was made. 'sha256': a plain hash, which anyone with the
 * database can recompute (entries written before migration 0014). 'hmac-sha256':
 * keyed with a key derived from TIDINGS_SECRET, which is not in the database,
 * so a rewritten entry cannot be given a hash that verifies.
 */
export type ChainScheme = 'sha256' | 'hmac-sha256';
export const KEYED_SCHEME: ChainScheme = 'hmac-sha256';

export interface ChainedContent {
  at: Date;
  actor: string;
  actorUserId: number | null;
  action: string;
  subjectType: string | null;
  subjectId: string | null;
  details: unknown;
}

/**
 * JSON with object keys sorted at every level. PostgreSQL's jsonb reorders keys,
 * so the hash is taken over a form that survives the round trip unchanged.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

function hashedText(prevHash: string, c: ChainedContent): string {
  const body = canonicalJson({
    at: c.at.toISOString(),
    actor: c.actor,
    actorUserId: c.actorUserId,
    action: c.action,
    subjectType: c.subjectType,
    subjectId: c.subjectId,
    details: c.details,
  });
  return `${prevHash}\n${body}`;
}

/** The old, unkeyed hash: still used to verify entries written before the key. */
export function entryHash(prevHash: string, c: ChainedContent): string {
  return createHash('sha256').update(hashedText(prevHash, c)).digest('hex');
}

/** The keyed hash of every entry written since migration 0014. */
export function keyedEntryHash(key: Buffer, prevHash: string, c: ChainedContent): string {
  return createHmac('sha256', key).update(hashedText(prevHash, c)).digest('hex');
}

/** The chain's key: derived from TIDINGS_SECRET for this one purpose, so it is no other key's. */
export function deriveChainKey(secret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, 'tidings', 'audit chain v1', 32));
}

// The key of the process: set once at start-up by each composition root from
// its configuration (runtime, web app, worker), read by every append and check.
// recordAudit is called from every domain with only a transaction in hand.
let processKey: Buffer | undefined;

export function useChainKey(secret: string): void {
  processKey = deriveChainKey(secret);
}

export function chainKey(): Buffer {
  if (!processKey) throw new Error('the audit chain key is not set: the process must call useChainKey(config.secret) at start-up');
  return processKey;
}
