import { sql } from 'kysely';
import type { DbOrTx } from './connection.ts';

/**
 * Every PostgreSQL advisory lock tidings takes, in one place so that no two
 * uses share a key by accident. All are transaction-scoped: they end with the
 * transaction that took them, so a crash never leaves one held.
 *
 * Single-key locks use one bigint; two-key locks use (namespace, id), a
 * separate key space from single-key ones in PostgreSQL. The values spell
 * four ASCII letters, so they are recognisable in pg_locks.
 */
export const LOCK_KEYS = {
  /** (namespace, update id): one claimer at a time moves an update's claim checkpoint. */
  claim: 0x7469_6462, // "tidb"
  /** Held shared by a release while it snapshots contacts, exclusively by an erasure. */
  audience: 0x7469_6465, // "tide"
  /** The audit log's hash chain has one writer at a time. */
  auditChain: 0x7469_6469, // "tidi"
  /** (namespace, hash of key): the status page's attempt limiter, per key. */
  portalLimiter: 0x706f_7274, // "port"
  /** (namespace, hash of key): sign-in throttling, per client address and per account. */
  signInThrottle: 0x7369_676e, // "sign"
} as const;

function mustBeTransaction(tx: DbOrTx, what: string): void {
  if (!tx.isTransaction) throw new Error(`${what} is transaction-scoped: take it inside the transaction it guards`);
}

/** Serialises claims of new batches for one update (see sending/batches.ts). */
export async function lockUpdateClaims(tx: DbOrTx, updateId: number): Promise<void> {
  mustBeTransaction(tx, 'the claim lock');
  await sql`SELECT pg_advisory_xact_lock(${LOCK_KEYS.claim}, ${updateId}::int)`.execute(tx);
}

/**
 * The audience lock: a release holds it shared while it materialises
 * deliveries, an erasure exclusively, so a release can never snapshot a
 * contact that an erasure is changing.
 */
export async function lockAudienceShared(tx: DbOrTx): Promise<void> {
  mustBeTransaction(tx, 'the audience lock');
  await sql`SELECT pg_advisory_xact_lock_shared(${LOCK_KEYS.audience})`.execute(tx);
}

export async function lockAudienceExclusive(tx: DbOrTx): Promise<void> {
  mustBeTransaction(tx, 'the audience lock');
  await sql`SELECT pg_advisory_xact_lock(${LOCK_KEYS.audience})`.execute(tx);
}

/** One append to the audit chain at a time, across every process. */
export async function lockAuditChainAppend(tx: DbOrTx): Promise<void> {
  mustBeTransaction(tx, 'the audit chain lock');
  await sql`SELECT pg_advisory_xact_lock(${LOCK_KEYS.auditChain})`.execute(tx);
}

/** The portal limiter's lock on one key (callers take several in a fixed order). */
export async function lockPortalLimiterKey(tx: DbOrTx, key: string): Promise<void> {
  mustBeTransaction(tx, 'the limiter lock');
  await sql`SELECT pg_advisory_xact_lock(${LOCK_KEYS.portalLimiter}, hashtext(${key}))`.execute(tx);
}

/** The sign-in throttle's lock on one counter (callers take the address's, then the account's). */
export async function lockSignInKey(tx: DbOrTx, key: string): Promise<void> {
  mustBeTransaction(tx, 'the sign-in throttle lock');
  await sql`SELECT pg_advisory_xact_lock(${LOCK_KEYS.signInThrottle}, hashtext(${key}))`.execute(tx);
}
