import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { DbOrTx } from '../db/connection.ts';
import { segmentAudienceExpression, type Preview } from '../segments/queries.ts';

/**
 * Who an update would reach over the union of its segments, counted the way the
 * release materialises deliveries (src/updates/release.ts): one row per contact,
 * so a customer in two chosen segments is counted once. One aggregate query;
 * nothing is loaded into memory. Undefined when no segment is chosen.
 *
 * With the update's situation, customers who stopped updates about that
 * situation ("unsubscribed:situation" in the release) are counted as
 * unsubscribed too, as the release will exclude them. The reason order is the
 * release's: suppressed, then unsubscribed from everything, then from the situation.
 */
export async function previewUpdateAudience(db: DbOrTx, segmentIds: number[], situationId?: number | null): Promise<Pick<Preview, 'eligible' | 'excluded'> | undefined> {
  if (segmentIds.length === 0) return undefined;
  const segments = await db.selectFrom('segments').select(['id', 'kind', 'rule']).where('id', 'in', segmentIds).execute();
  if (segments.length === 0) return undefined;
  const audience = sql.join(
    segments.map((s) => sql`(${segmentAudienceExpression(s)})`),
    sql` OR `,
  ) as RawBuilder<SqlBool>;
  const situationJoin =
    situationId === undefined || situationId === null
      ? sql``
      : sql`LEFT JOIN situation_unsubscribes su ON su.situation_id = ${situationId} AND su.contact_id = c.id`;
  const situationUnsubscribed = situationId === undefined || situationId === null ? sql`false` : sql`su.contact_id IS NOT NULL`;
  const r = await sql<{ eligible: string; suppressed: string; unsubscribed: string }>`
    SELECT count(*) FILTER (WHERE s.email_lower IS NULL AND c.unsubscribed_at IS NULL AND NOT ${situationUnsubscribed}) AS eligible,
           count(*) FILTER (WHERE s.email_lower IS NOT NULL) AS suppressed,
           count(*) FILTER (WHERE s.email_lower IS NULL AND (c.unsubscribed_at IS NOT NULL OR ${situationUnsubscribed})) AS unsubscribed
      FROM contacts c
      LEFT JOIN suppressions s ON s.email_lower = c.email_lower
      ${situationJoin}
     WHERE ${audience}`.execute(db);
  const row = r.rows[0];
  return {
    eligible: Number(row?.eligible ?? 0),
    excluded: { suppressed: Number(row?.suppressed ?? 0), unsubscribed: Number(row?.unsubscribed ?? 0) },
  };
}
