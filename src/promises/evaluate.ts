import { sql } from 'kysely';
import { recordAudit, SYSTEM_ACTOR } from '../audit/log.ts';
import type { Db } from '../db/connection.ts';

/** Delivery statuses that mean the message never left for the recipient. */
const NOT_LEFT = ['excluded', 'failed', 'queued', 'suppressed'] as const;

export interface EvaluateResult {
  created: number;
  kept: number;
  broken: number;
}

/**
 * The promise job body. Derives promises from sent updates and settles them;
 * safe to run again and from several workers at once.
 *
 * State rules (the stored state only moves forward, open → kept | broken):
 * - open:   due_at not yet passed and not every promised recipient reached yet.
 * - kept:   every promised recipient (a delivery of the promising update that
 *           left) received a later update of the same situation sent by due_at,
 *           or a final later update was sent by due_at (it closes the promise).
 * - broken: due_at passed without that. `reached` keeps how many of the
 *           promised recipients a later update did reach by due_at, so a partial
 *           overlap shows with counts (reached < recipients).
 * "Overdue" is not a separate stored state: a promise is overdue exactly when
 * it is broken (its due date passed and it was not kept), so the API's
 * `state=overdue` lists the broken ones. The column's CHECK still allows
 * 'overdue' for a later reminder flow, but this job never writes it.
 * Each change of state is audited (promise.kept / promise.broken) in the
 * transaction that makes it.
 */
export async function evaluatePromises(db: Db, now: Date = new Date()): Promise<EvaluateResult> {
  const created = await sql<{ id: number }>`
    INSERT INTO promises (situation_id, update_id, due_at, recipients)
    SELECT u.situation_id, u.id, u.next_update_at,
           (SELECT count(*) FROM deliveries d
             WHERE d.update_id = u.id AND d.status NOT IN (${sql.join(NOT_LEFT.map((s) => sql.lit(s)))}))::int
      FROM updates u
     WHERE u.status = 'sent' AND NOT u.final AND u.next_update_at IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM promises p WHERE p.update_id = u.id)
    ON CONFLICT (update_id) DO NOTHING
    RETURNING id`.execute(db);

  const open = await db.selectFrom('promises').select('id').where('state', 'in', ['open', 'overdue']).orderBy('id').execute();
  let kept = 0;
  let broken = 0;
  for (const { id } of open) {
    const outcome = await settleOne(db, id, now);
    if (outcome === 'kept') kept++;
    if (outcome === 'broken') broken++;
  }
  return { created: created.rows.length, kept, broken };
}

async function settleOne(db: Db, promiseId: number, now: Date): Promise<'kept' | 'broken' | null> {
  return db.transaction().execute(async (tx) => {
    // Lock the row; another worker that settled it already leaves nothing to do.
    const p = await tx.selectFrom('promises').selectAll().where('id', '=', promiseId).where('state', 'in', ['open', 'overdue']).forUpdate().executeTakeFirst();
    if (!p) return null;
    const notLeft = sql.join(NOT_LEFT.map((s) => sql.lit(s)));
    // Later updates of the same situation sent by the due date.
    const later = sql`
      SELECT u2.id, u2.final, u2.sent_at FROM updates u2, updates u1
       WHERE u1.id = ${p.update_id} AND u2.situation_id = u1.situation_id AND u2.id <> u1.id
         AND u2.status = 'sent' AND u2.sent_at IS NOT NULL AND u2.sent_at > u1.sent_at AND u2.sent_at <= ${p.due_at}`;
    const stats = (
      await sql<{ reached: number; last_update: number | null; final_update: number | null; any_later: boolean }>`
        WITH later AS (${later})
        SELECT
          (SELECT count(DISTINCT d1.contact_id) FROM deliveries d1
            WHERE d1.update_id = ${p.update_id} AND d1.status NOT IN (${notLeft})
              AND EXISTS (SELECT 1 FROM deliveries d2 JOIN later l ON l.id = d2.update_id
                           WHERE d2.contact_id = d1.contact_id AND d2.status NOT IN (${notLeft})))::int AS reached,
          (SELECT id FROM later ORDER BY sent_at DESC, id DESC LIMIT 1) AS last_update,
          (SELECT id FROM later WHERE final ORDER BY sent_at, id LIMIT 1) AS final_update,
          EXISTS (SELECT 1 FROM later) AS any_later`.execute(tx)
    ).rows[0]!;
    const reached = Number(stats.reached);
    const allReached = stats.any_later && reached >= p.recipients;
    let next: 'kept' | 'broken' | null = null;
    let keptBy: number | null = null;
    if (stats.final_update !== null) {
      next = 'kept';
      keptBy = Number(stats.final_update);
    } else if (allReached) {
      next = 'kept';
      keptBy = Number(stats.last_update);
    } else if (now.getTime() > p.due_at.getTime()) next = 'broken';

    if (!next) {
      if (reached !== p.reached) await tx.updateTable('promises').set({ reached }).where('id', '=', p.id).execute();
      return null;
    }
    await tx.updateTable('promises').set({ state: next, reached, kept_by_update_id: keptBy, settled_at: now }).where('id', '=', p.id).execute();
    await recordAudit(tx, SYSTEM_ACTOR, {
      action: `promise.${next}`,
      subjectType: 'promise',
      subjectId: p.id,
      details: { situationId: p.situation_id, updateId: p.update_id, dueAt: p.due_at.toISOString(), recipients: p.recipients, reached, keptByUpdateId: keptBy },
    });
    return next;
  });
}
