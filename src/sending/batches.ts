import { sql } from 'kysely';
import { nowSql } from '../clock.ts';
import type { Db, DbOrTx } from '../db/connection.ts';
import { recordAudit, SYSTEM_ACTOR } from '../audit/log.ts';
import { lockUpdateClaims } from '../db/locks.ts';
import type { Delivery, UpdateStatus } from '../db/types.ts';
import type { RecipientResult } from './transport.ts';

export const BATCH_SIZE = 100;
export const MAX_ATTEMPTS = 25;

export interface ClaimedBatch {
  id: number;
  updateId: number;
  attempts: number;
  members: Delivery[];
}

export function batchIdempotencyKey(batchId: number): string {
  return `tidings-batch-${batchId}`;
}

/**
 * Claims work for one update: first a batch whose lease ran out (a dead or slow
 * worker's, or one waiting out a retry), with its members unchanged so the
 * retry is the same request under the same key; otherwise the next (up to) 100
 * queued deliveries after the update's checkpoint become a new batch. The batch
 * and the moved checkpoint commit before any provider call, so a crash at any
 * point leaves a batch someone can finish, and no delivery row is rewritten
 * until its result is known.
 */
export async function claimBatch(db: Db, updateId: number, worker: string, leaseSeconds: number, size = BATCH_SIZE): Promise<ClaimedBatch | null> {
  return db.transaction().execute(async (tx) => {
    const stale = await sql<{ id: number; attempts: number; member_ids: number[] }>`
      UPDATE send_batches SET worker = ${worker}, lease_until = clock_timestamp() + make_interval(secs => ${leaseSeconds}), attempts = attempts + 1
       WHERE id = (SELECT id FROM send_batches
                    WHERE update_id = ${updateId} AND status = 'open' AND lease_until < clock_timestamp() AND next_attempt_at <= clock_timestamp()
                    ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED)
      RETURNING id, attempts, member_ids`.execute(tx);
    const reclaimed = stale.rows[0];
    if (reclaimed) {
      const members = await tx.selectFrom('deliveries').selectAll().where('id', '=', sql<number>`ANY(${reclaimed.member_ids}::bigint[])`).orderBy('id').execute();
      return { id: reclaimed.id, updateId, attempts: reclaimed.attempts, members };
    }
    // One claimer at a time moves an update's checkpoint, so every batch is
    // full (≤ 1 provider call per 100 recipients) and none overlaps another.
    await lockUpdateClaims(tx, updateId);
    const cursor = await tx.selectFrom('updates').select('claim_cursor').where('id', '=', updateId).executeTakeFirstOrThrow();
    const next = await tx
      .selectFrom('deliveries')
      .selectAll()
      .select(sql<boolean>`not_before IS NOT NULL AND not_before > clock_timestamp()`.as('held'))
      .where('update_id', '=', updateId)
      .where('status', '=', 'queued')
      .where('id', '>', cursor.claim_cursor)
      .orderBy('id')
      .limit(size)
      .execute();
    // Quiet hours: the checkpoint stops at the first delivery still held (held
    // ones come last, in the order they may go), so none is ever skipped.
    const firstHeld = next.findIndex((m) => m.held);
    const members = (firstHeld === -1 ? next : next.slice(0, firstHeld)).map(({ held: _held, ...d }) => d);
    if (members.length === 0) return null;
    const ids = members.map((m) => m.id);
    const batch = await tx
      .insertInto('send_batches')
      .values({ update_id: updateId, worker, member_ids: ids, size: ids.length, attempts: 1, lease_until: sql`clock_timestamp() + make_interval(secs => ${leaseSeconds})` })
      .returning(['id', 'attempts'])
      .executeTakeFirstOrThrow();
    await tx.updateTable('updates').set({ claim_cursor: ids[ids.length - 1]! }).where('id', '=', updateId).execute();
    return { id: batch.id, updateId, attempts: batch.attempts, members };
  });
}

export interface Held {
  count: number;
  /** When the first of them may go; null when none is held. */
  until: Date | null;
}

/** Queued deliveries an update holds for quiet hours (until daytime on the recipient's clock). */
export async function heldForQuietHours(db: DbOrTx, updateId: number): Promise<Held> {
  const r = await sql<{ n: number; until: Date | null }>`
    SELECT count(*)::int AS n, min(not_before) AS until FROM deliveries
     WHERE update_id = ${updateId} AND status = 'queued' AND not_before > clock_timestamp()`.execute(db);
  return { count: r.rows[0]?.n ?? 0, until: r.rows[0]?.until ?? null };
}

export interface SentDetails {
  subject: string;
  bodyHash: string;
}

/**
 * Stores the per-recipient outcome of a batch and closes it, in one statement
 * for the deliveries. A state a webhook already moved forward (delivered,
 * bounced…) is kept; the provider id is recorded either way.
 */
export async function recordBatchResults(db: Db, batch: ClaimedBatch, results: RecipientResult[], details: SentDetails[], now?: Date): Promise<void> {
  const ids: number[] = [];
  const ok: boolean[] = [];
  const providerIds: (string | null)[] = [];
  const reasons: (string | null)[] = [];
  const subjects: string[] = [];
  const hashes: string[] = [];
  batch.members.forEach((m, i) => {
    const r = results[i] ?? { ok: false as const, reason: 'the provider gave no result for this recipient' };
    ids.push(m.id);
    ok.push(r.ok);
    providerIds.push(r.ok ? r.providerId : null);
    reasons.push(r.ok ? null : r.reason);
    subjects.push(details[i]!.subject);
    hashes.push(details[i]!.bodyHash);
  });
  await db.transaction().execute(async (tx) => {
    await sql`
      UPDATE deliveries d
         SET status = CASE WHEN d.status = 'queued' THEN (CASE WHEN v.ok THEN 'sent' ELSE 'failed' END) ELSE d.status END,
             provider_id = COALESCE(v.provider_id, d.provider_id),
             reason = CASE WHEN d.status = 'queued' THEN v.reason ELSE d.reason END,
             subject = v.subject, body_hash = v.body_hash, batch_id = ${batch.id},
             sent_at = COALESCE(d.sent_at, ${nowSql(now)}), updated_at = ${nowSql(now)}
        FROM unnest(${ids}::bigint[], ${ok}::boolean[], ${providerIds}::text[], ${reasons}::text[], ${subjects}::text[], ${hashes}::text[])
             AS v(id, ok, provider_id, reason, subject, body_hash)
       WHERE d.id = v.id`.execute(tx);
    await tx.updateTable('send_batches').set({ status: 'done', done_at: now ?? new Date(), last_error: null }).where('id', '=', batch.id).execute();
  });
}

/** Gives a batch back for a later attempt by anyone, with the same members and key. */
export async function deferBatch(db: Db, batchId: number, delaySeconds: number, error: string): Promise<void> {
  await db
    .updateTable('send_batches')
    .set({
      lease_until: sql`clock_timestamp()`,
      next_attempt_at: sql`clock_timestamp() + make_interval(secs => ${delaySeconds})`,
      last_error: error.slice(0, 1000),
    })
    .where('id', '=', batchId)
    .execute();
}

/** Gives up on a batch: every member still queued fails with the reason, counted and visible. */
export async function failBatch(db: Db, batchId: number, reason: string): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await sql`
      UPDATE deliveries SET status = 'failed', reason = ${reason.slice(0, 1000)}, batch_id = ${batchId}, updated_at = now()
       WHERE id = ANY((SELECT member_ids FROM send_batches WHERE id = ${batchId})::bigint[]) AND status = 'queued'`.execute(tx);
    await tx.updateTable('send_batches').set({ status: 'done', done_at: new Date(), last_error: reason.slice(0, 1000) }).where('id', '=', batchId).execute();
  });
}

/** Exponential backoff with jitter: 1 s, 2 s, 4 s … up to a minute. */
export function backoffSeconds(attempt: number): number {
  const base = Math.min(60, 2 ** Math.max(0, attempt - 1));
  return base * (0.75 + Math.random() * 0.5);
}

/** How long until some open batch of the update can be claimed, or null when none is open. */
export async function nextOpenBatchIn(db: Db, updateId: number): Promise<number | null> {
  const r = await sql<{ wait_ms: number | null }>`
    SELECT (EXTRACT(EPOCH FROM (min(GREATEST(lease_until, next_attempt_at)) - clock_timestamp())) * 1000)::float8 AS wait_ms
      FROM send_batches WHERE update_id = ${updateId} AND status = 'open'`.execute(db);
  const w = r.rows[0]?.wait_ms;
  return w === null || w === undefined ? null : Math.max(0, w);
}

/**
 * Marks the update sent once nothing is queued and no batch is open; records the
 * totals once. `now` is true only for the one call that marked it (several send
 * jobs of one update end at about the same time; one of them reports it).
 */
export async function finishIfDone(db: Db, updateId: number, now?: Date): Promise<{ sent: boolean; now: boolean }> {
  return db.transaction().execute(async (tx) => {
    const done = await sql<{ id: number }>`
      UPDATE updates SET status = 'sent', sent_at = ${nowSql(now)}, updated_at = ${nowSql(now)}
       WHERE id = ${updateId} AND status = 'sending'
         AND NOT EXISTS (SELECT 1 FROM deliveries WHERE update_id = ${updateId} AND status = 'queued')
         AND NOT EXISTS (SELECT 1 FROM send_batches WHERE update_id = ${updateId} AND status = 'open')
      RETURNING id`.execute(tx);
    if (!done.rows[0]) {
      const s = await tx.selectFrom('updates').select('status').where('id', '=', updateId).executeTakeFirst();
      return { sent: s?.status === 'sent', now: false };
    }
    const counts = await tx.selectFrom('deliveries').select(['status', (eb) => eb.fn.countAll<number>().as('n')]).where('update_id', '=', updateId).groupBy('status').execute();
    await recordAudit(tx, SYSTEM_ACTOR, { action: 'update.sent', subjectType: 'update', subjectId: updateId, details: Object.fromEntries(counts.map((c) => [c.status, c.n])), at: now });
    return { sent: true, now: true };
  });
}

/** Where an update stands; a send job works only on one that is sending. */
export async function updateStatus(db: Db, updateId: number): Promise<UpdateStatus | undefined> {
  const u = await db.selectFrom('updates').select('status').where('id', '=', updateId).executeTakeFirst();
  return u?.status;
}
