import { sql } from 'kysely';
import { recordAudit, SYSTEM_ACTOR } from '../audit/log.ts';
import type { Db } from '../db/connection.ts';
import { getSetting } from '../settings/queries.ts';
import type { PromiseJobDeps } from './job-deps.ts';
import { countSentRecipients } from './make.ts';
import { laterUpdates, reachedBy } from './reach.ts';
import { raiseReminders, sendReminders, type ReminderRunResult } from './reminders.ts';

export interface EvaluateResult {
  /** Promises whose update has finished sending, now counting the recipients it reached. */
  counted: number;
  kept: number;
  /** Turned overdue: the date passed unkept (audited as promise.broken). */
  overdue: number;
  /** Overdue promises the team has since written about, late (now stored as broken). */
  followedUp: number;
  reminders: ReminderRunResult;
}

/**
 * The promise job body (pg-boss `evaluate-promises`, every minute). Settles
 * the promises, and reminds the situation's officers; safe to run again and
 * from several workers at once. It makes no promise: the release of an update
 * does (make.ts), in its own transaction. The job only counts, once the
 * update is sent, the recipients it reached (countSentRecipients).
 *
 * Stored states (they only move forward: open → kept, or open → overdue → broken):
 * - open:    due_at not yet passed and not every promised recipient reached yet.
 * - kept:    every promised recipient (a delivery of the promising update that
 *            left) received a later update of the same situation sent by due_at,
 *            or a final later update was sent by due_at (it closes the promise).
 * - overdue: due_at passed without that. The promise IS broken on the record
 *            from this moment (audited as `promise.broken`), and it is shown at
 *            the top of the dashboard until the team writes again.
 * - broken:  was overdue, and a later update of the situation has since been
 *            sent (after due_at, so late); audited as `promise.followed_up` with
 *            that update's id.
 * `reached` keeps how many of the promised recipients a later update reached
 * by due_at, so a partial overlap shows with counts (reached < recipients).
 * The API shows both overdue and broken as state "broken"; `overdue: true`
 * marks the ones still waiting for the team (see queries.ts).
 *
 * Reminders (reminders.ts): a 'due_soon' one when an open promise comes within
 * the `promise_reminder_hours` setting of its date, an 'overdue' one when it
 * turns overdue; each is raised once and emailed once to each officer.
 */
export async function evaluatePromises(deps: PromiseJobDeps, now: Date = new Date()): Promise<EvaluateResult> {
  const { db } = deps;
  const counted = await countSentRecipients(db, now);

  const pending = await db.selectFrom('promises').select('id').where('state', 'in', ['open', 'overdue']).orderBy('id').execute();
  const result: EvaluateResult = { counted, kept: 0, overdue: 0, followedUp: 0, reminders: { raised: 0, sent: 0, failed: 0 } };
  for (const { id } of pending) {
    const moves = await settleOne(db, id, now);
    if (moves.includes('kept')) result.kept++;
    if (moves.includes('overdue')) result.overdue++;
    if (moves.includes('broken')) result.followedUp++;
  }

  const leadHours = await getSetting(db, 'promise_reminder_hours');
  const raised = await raiseReminders(db, now, leadHours);
  result.reminders = { ...(await sendReminders(deps, now)), raised };
  return result;
}

type Move = 'kept' | 'overdue' | 'broken';

async function settleOne(db: Db, promiseId: number, now: Date): Promise<Move[]> {
  return db.transaction().execute(async (tx) => {
    // Lock the row; another worker that settled it already leaves nothing to do.
    const p = await tx.selectFrom('promises').selectAll().where('id', '=', promiseId).where('state', 'in', ['open', 'overdue']).forUpdate().executeTakeFirst();
    if (!p) return [];
    const moves: Move[] = [];
    const facts = { situationId: p.situation_id, updateId: p.update_id, dueAt: p.due_at.toISOString(), recipients: p.recipients };
    let state = p.state;

    if (state === 'open') {
      const stats = (
        await sql<{ last_update: number | null; final_update: number | null; any_later: boolean }>`
          WITH later AS (${laterUpdates(p.update_id, p.due_at)})
          SELECT (SELECT id FROM later ORDER BY sent_at DESC, id DESC LIMIT 1) AS last_update,
                 (SELECT id FROM later WHERE final ORDER BY sent_at, id LIMIT 1) AS final_update,
                 EXISTS (SELECT 1 FROM later) AS any_later`.execute(tx)
      ).rows[0]!;
      const reached = stats.any_later ? await reachedBy(tx, p.update_id, p.due_at) : 0;
      let next: 'kept' | 'overdue' | null = null;
      let keptBy: number | null = null;
      if (stats.final_update !== null) {
        next = 'kept';
        keptBy = Number(stats.final_update);
      } else if (stats.any_later && reached >= p.recipients) {
        next = 'kept';
        keptBy = Number(stats.last_update);
      } else if (now.getTime() > p.due_at.getTime()) next = 'overdue';

      if (!next) {
        if (reached !== p.reached) await tx.updateTable('promises').set({ reached }).where('id', '=', p.id).execute();
        return [];
      }
      await tx.updateTable('promises').set({ state: next, reached, kept_by_update_id: keptBy, settled_at: now }).where('id', '=', p.id).execute();
      // Overdue is broken on the record: the date passed and the promise was not kept.
      await recordAudit(tx, SYSTEM_ACTOR, {
        action: next === 'kept' ? 'promise.kept' : 'promise.broken',
        subjectType: 'promise',
        subjectId: p.id,
        details: { ...facts, reached, keptByUpdateId: keptBy },
        at: now,
      });
      moves.push(next);
      state = next;
    }

    if (state === 'overdue') {
      // The team has written again (late): the first update of the situation sent after the date.
      const late = await tx
        .selectFrom('updates as u2')
        .innerJoin('updates as u1', 'u1.situation_id', 'u2.situation_id')
        .select(['u2.id', 'u2.sent_at'])
        .where('u1.id', '=', p.update_id)
        .whereRef('u2.id', '<>', 'u1.id')
        .where('u2.status', '=', 'sent')
        .where('u2.sent_at', '>', p.due_at)
        .where('u2.sent_at', '<=', now)
        .orderBy('u2.sent_at')
        .orderBy('u2.id')
        .limit(1)
        .executeTakeFirst();
      if (late?.sent_at) {
        await tx.updateTable('promises').set({ state: 'broken' }).where('id', '=', p.id).execute();
        await recordAudit(tx, SYSTEM_ACTOR, {
          action: 'promise.followed_up',
          subjectType: 'promise',
          subjectId: p.id,
          details: { ...facts, lateUpdateId: late.id, lateBySeconds: Math.round((late.sent_at.getTime() - p.due_at.getTime()) / 1000) },
          at: now,
        });
        moves.push('broken');
      }
    }
    return moves;
  });
}
