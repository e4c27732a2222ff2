import { getSetting } from '../settings/queries.ts';
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { recordAudit, SYSTEM_ACTOR } from '../audit/log.ts';
import { nowSql } from '../clock.ts';
import { lockAudienceShared } from '../db/locks.ts';
import type { Db, DbOrTx } from '../db/connection.ts';
import type { ReleaseSnapshot } from '../db/types.ts';
import { makePromise } from '../promises/make.ts';
import { segmentAudienceExpression } from '../segments/audience.ts';
import { approvalDrift, withdrawApproval } from './approval.ts';
import { missingElements, missingForApi } from './checklist.ts';
import { daytimeWindow, quietHold } from './quiet-hours.ts';
import { completeLocales, loadUpdate, type UpdateContent } from './model.ts';


export type ReleaseResult =
  | { released: true; queued: number; excluded: number }
  | { released: false; reason: string };


/**
 * Materialises every delivery of an update in one set-based INSERT … SELECT:
 * the audience is never loaded into memory. A customer in two targeted segments
 * gets one delivery (one row per contact, and a unique key per update and
 * contact), and excluded customers are recorded with their reason: suppressed,
 * unsubscribed from everything, or unsubscribed from this update's situation
 * ('unsubscribed:situation'; they still hear about other situations). Erased
 * contacts (GDPR art. 17) are no one's audience: they get no row at all. The
 * update's promise of a next one is made in the same transaction. Runs once:
 * a second call finds the update no longer scheduled.
 */
export async function releaseUpdate(db: Db, updateId: number, options: { onReleased?: (tx: DbOrTx) => Promise<void>; now?: Date } = {}): Promise<ReleaseResult> {
  return db.transaction().execute(async (tx) => {
    const update = await loadUpdate(tx, updateId, { forUpdate: true });
    if (update.status !== 'scheduled') return { released: false, reason: `update is ${update.status}` };
    // The release's clock (a test pins it so quiet hours are judged at one known instant).
    const now = options.now ?? new Date();
    if (update.send_at && update.send_at.getTime() > now.getTime() + 1000) return { released: false, reason: 'not due yet' };

    const missing = await missingElements(tx, update, now);
    if (missing.length) {
      await tx.updateTable('updates').set({ status: 'draft', approved_by: null, approved_at: null, send_at: null, updated_at: now }).where('id', '=', updateId).execute();
      await recordAudit(tx, SYSTEM_ACTOR, { action: 'update.release_refused', subjectType: 'update', subjectId: updateId, details: { missing: missing.map(missingForApi) }, at: options.now });
      return { released: false, reason: `missing: ${missing.map((m) => m.message).join('; ')}` };
    }

    // The audience goes out as approved: if a segment's definition or the update
    // moved on since the approval (which a change withdraws in the same
    // transaction, so only a defect could leave it), nothing is released.
    const drift = await approvalDrift(tx, update);
    if (drift.length) {
      await withdrawApproval(tx, SYSTEM_ACTOR, update, drift);
      return { released: false, reason: `changed since approval: ${drift.map((d) => ('field' in d ? d.field : `segment ${d.segment.id}`)).join(', ')}` };
    }

    // Numbering is per situation and in send order, so customers read Update 1, 2, 3.
    const situation = await tx.selectFrom('situations').select(['id', 'title', 'titles']).where('id', '=', update.situation_id).forUpdate().executeTakeFirstOrThrow();
    const last = await tx.selectFrom('updates').select((eb) => eb.fn.max('number').as('n')).where('situation_id', '=', situation.id).executeTakeFirst();
    const number = (last?.n ?? 0) + 1;
    const cp = await tx.selectFrom('contact_points').select(['id', 'name', 'role', 'roles', 'email', 'phone']).where('id', '=', update.contact_point_id!).executeTakeFirstOrThrow();
    // Who writes to the customers, as the settings name them at this moment (kept with what was sent).
    const organisation = await getSetting(tx, 'organisation_name');
    const snapshot: ReleaseSnapshot = { organisation, situationTitle: situation.title, situationTitles: situation.titles, updateNumber: number, contactPoint: cp };

    const segments = await tx.selectFrom('segments').select(['id', 'kind', 'rule']).where('id', 'in', update.segmentIds).execute();
    const audience = sql.join(segments.map((s) => sql`(${segmentAudienceExpression(s)})`), sql` OR `) as RawBuilder<SqlBool>;
    const locales = completeLocales(update.content as UpdateContent);

    // Quiet hours: a recipient whose clock is outside the daytime window now is
    // held until it next opens. Held rows are inserted last (ordered by that
    // time), so the claim checkpoint, which walks ids in order, reaches them
    // last and stops at the first one still held.
    const quiet = update.quiet_hours ? await daytimeWindow(tx) : null;
    const hold = quietHold(now, quiet);
    const notBefore = hold.notBefore;

    // An erasure running now finishes first (and one starting waits): the
    // snapshot below never copies an address that is being erased.
    await lockAudienceShared(tx);
    const inserted = await sql<{ queued: number; excluded: number }>`
      WITH ${hold.cte} ins AS (
        INSERT INTO deliveries (update_id, contact_id, email, name, locale, reader_locale, timezone, contact_point_id, promised_at, status, reason, idempotency_key, not_before, created_at, updated_at)
        SELECT ${updateId}, c.id, c.email, c.name,
               CASE WHEN c.locale = ANY(${locales}::text[]) THEN c.locale ELSE ${update.default_locale} END,
               c.locale, c.timezone, ${cp.id}, ${update.next_update_at},
               CASE WHEN s.email_lower IS NOT NULL OR c.unsubscribed_at IS NOT NULL OR su.contact_id IS NOT NULL THEN 'excluded' ELSE 'queued' END,
               CASE WHEN s.email_lower IS NOT NULL THEN 'suppressed:' || s.reason
                    WHEN c.unsubscribed_at IS NOT NULL THEN 'unsubscribed'
                    WHEN su.contact_id IS NOT NULL THEN 'unsubscribed:situation' END,
               'u' || ${updateId}::text || '-c' || c.id::text,
               ${notBefore}, ${nowSql(options.now)}, ${nowSql(options.now)}
          FROM contacts c
          LEFT JOIN suppressions s ON s.email_lower = c.email_lower
          LEFT JOIN situation_unsubscribes su ON su.situation_id = ${situation.id} AND su.contact_id = c.id
          ${hold.join}
         WHERE c.erased_at IS NULL AND (${audience})
         ${quiet ? sql`ORDER BY ${notBefore} NULLS FIRST, c.id` : sql``}
        ON CONFLICT (update_id, contact_id) DO NOTHING
        RETURNING status
      )
      SELECT count(*) FILTER (WHERE status = 'queued')::int AS queued,
             count(*) FILTER (WHERE status = 'excluded')::int AS excluded
        FROM ins`.execute(tx);
    const counts = inserted.rows[0] ?? { queued: 0, excluded: 0 };

    await tx
      .updateTable('updates')
      .set({ status: 'sending', number, released_at: now, release_snapshot: JSON.stringify(snapshot), updated_at: now, daytime_start: quiet?.start ?? null, daytime_end: quiet?.end ?? null })
      .where('id', '=', updateId)
      .execute();
    await recordAudit(tx, SYSTEM_ACTOR, { action: 'update.release', subjectType: 'update', subjectId: updateId, details: { number, ...counts }, at: options.now });
    // The promise of a next update stands from the moment the first email can
    // leave: made here, to the recipients just queued, or not at all if this rolls back.
    await makePromise(tx, update, counts.queued, now);
    await options.onReleased?.(tx);
    return { released: true, ...counts };
  });
}
