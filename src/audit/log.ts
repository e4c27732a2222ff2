import { lockAuditChainAppend } from '../db/locks.ts';
import type { DbOrTx } from '../db/connection.ts';
import type { AuditEntry } from '../db/types.ts';
import { chainKey, GENESIS_HASH, keyedEntryHash, KEYED_SCHEME } from './chain.ts';


export { CLI_ACTOR, SYSTEM_ACTOR, type Actor } from '../actor.ts';
import type { Actor } from '../actor.ts';

export interface AuditInput {
  action: string;
  subjectType?: string;
  subjectId?: string | number;
  details?: Record<string, unknown>;
  /** When it happened, if not now: a story replayed in order (src/demo/) stamps each step with its own time. */
  at?: Date | undefined;
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
  const at = new Date(Math.floor(input.at?.getTime() ?? Date.now()));
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
  const hash = keyedEntryHash(chainKey(), prevHash, content);
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
      scheme: KEYED_SCHEME,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  chainHead.set(tx, hash);
  return entry;
}
