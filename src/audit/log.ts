import { lockAuditChainAppend } from '../db/locks.ts';
import type { DbOrTx } from '../db/connection.ts';
import type { AuditEntry } from '../db/types.ts';
import { entryHash, GENESIS_HASH } from './chain.ts';

export { CLI_ACTOR, SYSTEM_ACTOR, type Actor } from '../actor.ts';
import type { Actor } from '../actor.ts';

export interface AuditInput {
  action: string;
  subjectType?: string;
  subjectId?: string | number;
  details?: Record<string, unknown>;
}

// One chain means one writer at a time; a transaction-scoped advisory lock
// (db/locks.ts) serialises appends across every process without blocking anything else.

/** The chain's head as last appended by each open transaction (keyed by the transaction object). */
const chainHead = new WeakMap<object, string>();

/**
 * Takes the chain's append lock now, before any row lock, for a transaction
 * that will append many entries (see the provider event batcher): holding it
 * first keeps such transactions from deadlocking with each other.
 */
export async function lockAuditChain(tx: DbOrTx): Promise<void> {
  if (!tx.isTransaction) throw new Error('lockAuditChain needs the transaction that appends');
  await lockAuditChainAppend(tx);
}

/**
 * Appends an entry to the audit log. Call it with the transaction that makes
 * the change, so the change and its record commit or roll back together.
 */
export async function recordAudit(tx: DbOrTx, actor: Actor, input: AuditInput): Promise<AuditEntry> {
  if (!tx.isTransaction) throw new Error('recordAudit needs the transaction that makes the change');
  // A transaction that appended already holds the lock (until it ends) and
  // knows the head of the chain: it wrote it. (Nothing here uses savepoints,
  // which could roll an entry back under this cache.)
  let prevHash = chainHead.get(tx);
  if (prevHash === undefined) {
    await lockAuditChainAppend(tx);
    const last = await tx.selectFrom('audit_log').select('hash').orderBy('id', 'desc').limit(1).executeTakeFirst();
    prevHash = last?.hash ?? GENESIS_HASH;
  }
  // Millisecond precision: the stored value must read back exactly as hashed.
  const at = new Date(Math.floor(Date.now()));
  const details = JSON.parse(JSON.stringify(input.details ?? {})) as Record<string, unknown>;
  const content = {
    at,
    actor: actor.label,
    actorUserId: actor.userId,
    action: input.action,
    subjectType: input.subjectType ?? null,
    subjectId: input.subjectId === undefined ? null : String(input.subjectId),
    details,
  };
  const hash = entryHash(prevHash, content);
  const entry = await tx
    .insertInto('audit_log')
    .values({
      at,
      actor: content.actor,
      actor_user_id: content.actorUserId,
      action: content.action,
      subject_type: content.subjectType,
      subject_id: content.subjectId,
      details: JSON.stringify(details),
      prev_hash: prevHash,
      hash,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  chainHead.set(tx, hash);
  return entry;
}

export interface VerifyResult {
  intact: boolean;
  entries: number;
  /** The first entry whose link does not hold, with what is wrong. */
  brokenAt?: { id: number; reason: string };
}

/** Walks the chain in order, streaming, and reports the first broken link. */
export async function verifyAuditChain(db: DbOrTx, pageSize = 5000): Promise<VerifyResult> {
  let prevHash = GENESIS_HASH;
  let afterId = 0;
  let count = 0;
  for (;;) {
    const rows = await db.selectFrom('audit_log').selectAll().where('id', '>', afterId).orderBy('id').limit(pageSize).execute();
    if (rows.length === 0) return { intact: true, entries: count };
    for (const row of rows) {
      if (row.prev_hash !== prevHash) {
        return { intact: false, entries: count, brokenAt: { id: row.id, reason: 'does not follow the entry before it (an entry was removed or reordered)' } };
      }
      const expected = entryHash(prevHash, {
        at: row.at,
        actor: row.actor,
        actorUserId: row.actor_user_id,
        action: row.action,
        subjectType: row.subject_type,
        subjectId: row.subject_id,
        details: row.details,
      });
      if (expected !== row.hash) {
        return { intact: false, entries: count, brokenAt: { id: row.id, reason: 'its content does not match its hash (the entry was altered)' } };
      }
      prevHash = row.hash;
      count++;
      afterId = row.id;
    }
  }
}
