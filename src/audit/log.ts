import { sql } from 'kysely';
import type { DbOrTx } from '../db/connection.ts';
import type { AuditEntry } from '../db/types.ts';
import { entryHash, GENESIS_HASH } from './chain.ts';

/** Who did something: a signed-in user, an API token, the CLI or the system itself. */
export interface Actor {
  kind: 'user' | 'token' | 'cli' | 'system' | 'customer' | 'provider';
  userId: number | null;
  /** Stable text stored on the record, e.g. "user:3 ana@example.org". */
  label: string;
}

export const SYSTEM_ACTOR: Actor = { kind: 'system', userId: null, label: 'system' };
export const CLI_ACTOR: Actor = { kind: 'cli', userId: null, label: 'cli' };

export interface AuditInput {
  action: string;
  subjectType?: string;
  subjectId?: string | number;
  details?: Record<string, unknown>;
}

// One chain means one writer at a time; a transaction-scoped advisory lock
// serialises appends across every process without blocking anything else.
const CHAIN_LOCK = 0x7469_6469; // "tidi"

/**
 * Appends an entry to the audit log. Call it with the transaction that makes
 * the change, so the change and its record commit or roll back together.
 */
export async function recordAudit(tx: DbOrTx, actor: Actor, input: AuditInput): Promise<AuditEntry> {
  if (!tx.isTransaction) throw new Error('recordAudit needs the transaction that makes the change');
  await sql`SELECT pg_advisory_xact_lock(${CHAIN_LOCK})`.execute(tx);
  const last = await tx.selectFrom('audit_log').select('hash').orderBy('id', 'desc').limit(1).executeTakeFirst();
  const prevHash = last?.hash ?? GENESIS_HASH;
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
  return tx
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
