import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { DbOrTx } from '../db/connection.ts';
import { segmentAudienceExpression } from '../segments/audience.ts';
import { getSetting } from '../settings/queries.ts';

/** The daytime window an update marked for quiet hours is sent in, from the settings. */
export interface DaytimeWindow {
  start: number;
  end: number;
}

export async function daytimeWindow(db: DbOrTx): Promise<DaytimeWindow> {
  return { start: await getSetting(db, 'daytime_start'), end: await getSetting(db, 'daytime_end') };
}

/**
 * The SQL that holds a recipient until daytime on their own clock, for a
 * query over `contacts c` joined with `suppressions s` and
 * `situation_unsubscribes su`: a CTE of time-zone names, the join that gives
 * each contact their local time `now`, and `notBefore` (null: send now, or the
 * recipient is excluded anyway). The release and the send-now forecast use
 * this one definition.
 */
export function quietHold(now: Date, quiet: DaytimeWindow | null) {
  if (!quiet) return { cte: sql``, join: sql``, notBefore: sql`NULL::timestamptz` };
  return {
    cte: sql`zones AS MATERIALIZED (SELECT name FROM pg_timezone_names),`,
    join: sql`LEFT JOIN zones z ON z.name = c.timezone CROSS JOIN LATERAL (SELECT (${now}::timestamptz AT TIME ZONE coalesce(z.name, 'UTC')) AS local) lt`,
    notBefore: sql`CASE WHEN s.email_lower IS NOT NULL OR c.unsubscribed_at IS NOT NULL OR su.contact_id IS NOT NULL THEN NULL
                 WHEN extract(hour FROM lt.local) >= ${quiet.start} AND extract(hour FROM lt.local) < ${quiet.end} THEN NULL
                 ELSE (date_trunc('day', lt.local) + make_interval(days => CASE WHEN extract(hour FROM lt.local) >= ${quiet.end} THEN 1 ELSE 0 END, hours => ${quiet.start}))
                      AT TIME ZONE coalesce(z.name, 'UTC') END`,
  };
}

/** What "Send now" would do: how many receive it, how many quiet hours would hold, and until when the first are held. */
export interface SendForecast {
  recipients: number;
  held: number;
  heldUntil: Date | null;
}

export async function sendNowForecast(db: DbOrTx, u: { segmentIds: number[]; situation_id: number; quiet_hours: boolean }, now = new Date()): Promise<SendForecast> {
  if (u.segmentIds.length === 0) return { recipients: 0, held: 0, heldUntil: null };
  const segments = await db.selectFrom('segments').select(['id', 'kind', 'rule']).where('id', 'in', u.segmentIds).execute();
  if (segments.length === 0) return { recipients: 0, held: 0, heldUntil: null };
  const audience = sql.join(segments.map((s) => sql`(${segmentAudienceExpression(s)})`), sql` OR `) as RawBuilder<SqlBool>;
  const hold = quietHold(now, u.quiet_hours ? await daytimeWindow(db) : null);
  const r = await sql<{ recipients: number; held: number; held_until: Date | null }>`
    WITH ${hold.cte} picked AS (
      SELECT s.email_lower IS NULL AND c.unsubscribed_at IS NULL AND su.contact_id IS NULL AS eligible, ${hold.notBefore} AS not_before
        FROM contacts c
        LEFT JOIN suppressions s ON s.email_lower = c.email_lower
        LEFT JOIN situation_unsubscribes su ON su.situation_id = ${u.situation_id} AND su.contact_id = c.id
        ${hold.join}
       WHERE c.erased_at IS NULL AND (${audience})
    )
    SELECT count(*) FILTER (WHERE eligible)::int AS recipients,
           count(*) FILTER (WHERE eligible AND not_before IS NOT NULL)::int AS held,
           max(not_before) FILTER (WHERE eligible) AS held_until
      FROM picked`.execute(db);
  const row = r.rows[0];
  return { recipients: row?.recipients ?? 0, held: row?.held ?? 0, heldUntil: row?.held_until ?? null };
}
