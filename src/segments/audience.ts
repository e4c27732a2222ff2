import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { DbOrTx } from '../db/connection.ts';
import type { Segment } from '../db/types.ts';
import { compileRule } from './rule-sql.ts';
import { parseRule, type Rule } from './rule.ts';
import { t } from '../../i18n/current.ts';

/**
 * Who a segment reaches, as set-based SQL: the expressions the release
 * materialises deliveries with, and the preview that counts them.
 */
export const MAX_SAMPLE = 100;

/** Why a matching contact will not receive an update. A contact that is both counts as suppressed. */
export const EXCLUSION_REASONS = ['suppressed', 'unsubscribed'] as const;
export type ExclusionReason = (typeof EXCLUSION_REASONS)[number];

export interface SegmentWithCount extends Segment {
  /** Members of a static list; undefined for rule segments. */
  memberCount?: number | undefined;
}

export interface PreviewSample {
  id: number;
  email: string;
  name: string;
  locale: string;
}

export interface Preview {
  eligible: number;
  excluded: Record<ExclusionReason, number>;
  sample: PreviewSample[];
}

/** What previewSegment accepts: a saved segment, a parsed rule, or unsaved list addresses. */
export type PreviewTarget = Pick<Segment, 'id' | 'kind' | 'rule'> | Rule | { emails: string[] };

/** `c` is in the static list of segment `id`. */
export function listMembershipExpression(segmentId: number): RawBuilder<SqlBool> {
  return sql<SqlBool>`c.id IN (SELECT sm.contact_id FROM segment_members sm WHERE sm.segment_id = ${segmentId})`;
}

/** `c` has one of these addresses (case-insensitive). */
export function emailListExpression(emails: string[]): RawBuilder<SqlBool> {
  return sql<SqlBool>`c.email_lower IN (SELECT lower(e) FROM unnest(${emails}::text[]) AS u(e))`;
}

/** Erased contacts (GDPR art. 17) are in no audience: not eligible, not counted as excluded. */
function notErased(expr: RawBuilder<SqlBool>): RawBuilder<SqlBool> {
  return sql<SqlBool>`(c.erased_at IS NULL AND (${expr}))`;
}

/**
 * The WHERE expression selecting a segment's audience from `contacts c`
 * (suppressions and unsubscribes are NOT applied here: the caller decides
 * whether to exclude or record them; erased contacts are left out entirely).
 * For use in set-based SQL, e.g.
 *   INSERT INTO deliveries (...) SELECT ... FROM contacts c
 *   LEFT JOIN suppressions s ON s.email_lower = c.email_lower WHERE ${expr}
 */
export function segmentAudienceExpression(segment: Pick<Segment, 'id' | 'kind' | 'rule'>): RawBuilder<SqlBool> {
  if (segment.kind === 'list') return notErased(listMembershipExpression(segment.id));
  return notErased(compileRule(parseRule(segment.rule)));
}

function targetExpression(target: PreviewTarget): RawBuilder<SqlBool> {
  if ('kind' in target) return segmentAudienceExpression(target);
  if ('emails' in target) return notErased(emailListExpression(target.emails));
  return notErased(compileRule(target));
}

/**
 * Counts who a segment reaches: one aggregate query over the matching
 * contacts, then (only if anyone is eligible) one small query for a sample of
 * eligible recipients. Nothing is loaded into memory beyond the sample.
 */
export async function previewSegment(db: DbOrTx, target: PreviewTarget, options: { sampleSize?: number } = {}): Promise<Preview> {
  const sampleSize = Math.max(0, Math.min(MAX_SAMPLE, Math.floor(options.sampleSize ?? 10)));
  const where = targetExpression(target);
  const counts = await sql<{ eligible: number; suppressed: number; unsubscribed: number; approx_contacts: number }>`
    SELECT count(*) FILTER (WHERE s.email_lower IS NULL AND c.unsubscribed_at IS NULL) AS eligible,
           count(*) FILTER (WHERE s.email_lower IS NOT NULL) AS suppressed,
           count(*) FILTER (WHERE s.email_lower IS NULL AND c.unsubscribed_at IS NOT NULL) AS unsubscribed,
           (SELECT greatest(reltuples, 0)::float8 FROM pg_class WHERE oid = 'contacts'::regclass) AS approx_contacts
    FROM contacts c
    LEFT JOIN suppressions s ON s.email_lower = c.email_lower
    WHERE ${where}`.execute(db);
  const row = counts.rows[0] ?? { eligible: 0, suppressed: 0, unsubscribed: 0, approx_contacts: 0 };
  const eligible = Number(row.eligible);
  let sample: PreviewSample[] = [];
  if (sampleSize > 0 && eligible > 0) {
    // Walking the primary key in order and stopping after `sampleSize` hits is
    // instant when matches are common, but reads the whole table when they are
    // rare; then a scan with a top-N sort is bounded by the table's size.
    // (reltuples is unknown until the table is first analysed.)
    const approx = Number(row.approx_contacts);
    const dense = approx > 0 ? eligible * 1000 >= approx : eligible >= 1000;
    const order = dense ? sql`c.id` : sql`c.id + 0`;
    const r = await sql<PreviewSample>`
      SELECT c.id, c.email, c.name, c.locale
      FROM contacts c
      WHERE ${where}
        AND c.unsubscribed_at IS NULL
        AND NOT EXISTS (SELECT 1 FROM suppressions s WHERE s.email_lower = c.email_lower)
      ORDER BY ${order}
      LIMIT ${sampleSize}`.execute(db);
    sample = r.rows.map((x) => ({ id: Number(x.id), email: x.email, name: x.name, locale: x.locale }));
  }
  return {
    eligible,
    excluded: { suppressed: Number(row.suppressed), unsubscribed: Number(row.unsubscribed) },
    sample,
  };
}

/**
 * How many customers each segment would reach now (eligible: not erased,
 * suppressed or unsubscribed), for a list of segments in ONE query: a single
 * scan of the eligible contacts with one `count(*) FILTER` per segment. Its
 * cost grows with contacts × segments (each row is tested against every
 * segment's expression), instead of one query per segment; for a few hundred
 * segments over a million contacts that is seconds, which is why only the list
 * page asks for it.
 */
export async function eligibleCounts(db: DbOrTx, segments: Array<Pick<Segment, 'id' | 'kind' | 'rule'>>): Promise<Map<number, number>> {
  if (segments.length === 0) return new Map();
  const columns = segments.map((seg, i) => sql`count(*) FILTER (WHERE ${segmentAudienceExpression(seg)}) AS ${sql.ref(`s${i}`)}`);
  const r = await sql<Record<string, number>>`
    SELECT ${sql.join(columns)}
    FROM contacts c
    WHERE c.erased_at IS NULL AND c.unsubscribed_at IS NULL
      AND NOT EXISTS (SELECT 1 FROM suppressions s WHERE s.email_lower = c.email_lower)`.execute(db);
  const row = r.rows[0] ?? {};
  return new Map(segments.map((seg, i) => [seg.id, Number(row[`s${i}`] ?? 0)]));
}

/** Parses untrusted rule input and previews it in one call (used by the benchmark and the live count). */
export async function previewRule(db: DbOrTx, rule: unknown, options: { sampleSize?: number } = {}): Promise<Preview> {
  return previewSegment(db, parseRule(rule), options);
}

/** "1,234 customers will receive this; 12 excluded (suppressed 10, unsubscribed 2)", in the reader's language. */
export function previewSummary(p: Pick<Preview, 'eligible' | 'excluded'>): string {
  const excluded = p.excluded.suppressed + p.excluded.unsubscribed;
  if (excluded === 0) return t('segments.summaryNoneExcluded', { eligible: p.eligible });
  return t('segments.summaryExcluded', { eligible: p.eligible, excluded, suppressed: p.excluded.suppressed, unsubscribed: p.excluded.unsubscribed });
}
