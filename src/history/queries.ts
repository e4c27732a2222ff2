import { sql, type SqlBool, type Expression } from 'kysely';
import type { Db } from '../db/connection.ts';
import { DELIVERY_STATUSES } from '../deliveries/state.ts';
import { invalid } from '../errors.ts';

export type DeliveryStatusFilter = (typeof DELIVERY_STATUSES)[number];

export interface HistoryFilter {
  situationId?: number | undefined;
  updateId?: number | undefined;
  /** A customer's address, matched case-insensitively against the contact it belongs to. */
  email?: string | undefined;
  status?: DeliveryStatusFilter | undefined;
  /** Handed to the provider at or after this time. */
  from?: Date | undefined;
  /** Handed to the provider before this time. */
  to?: Date | undefined;
}

/** Rows come newest update first, then by contact, newest first; the cursor is the last row's key. */
export interface HistoryCursor {
  u: number;
  c: number;
}

export interface HistoryRow {
  id: number;
  updateId: number;
  contactId: number;
  updateNumber: number | null;
  situationId: number;
  situationTitle: string;
  email: string;
  name: string;
  locale: string;
  timezone: string;
  status: string;
  reason: string | null;
  bounceType: string | null;
  subject: string | null;
  bodyHash: string | null;
  contactPoint: string | null;
  promisedAt: Date | null;
  releasedAt: Date;
  sentAt: Date | null;
  lastEventAt: Date | null;
  providerId: string | null;
}

/** The cursor's shape for the one codec (src/db/cursor.ts): update id and contact id. */
export const HISTORY_CURSOR = { u: 'id', c: 'id' } as const;

/**
 * One page of the send history, keyset-paginated on (update id, contact id),
 * both descending.
 *
 * Why this shape: every filter narrows the updates first (a handful to a few
 * hundred rows), then each update's deliveries are read through an index that
 * starts with update_id (the unique (update_id, contact_id), or
 * (update_id, status, contact_id)) inside a LATERAL join. PostgreSQL walks the updates
 * in order and stops as soon as the page is full (incremental sort), so a page
 * costs the same at 10,000 or 10,000,000 deliveries, whichever filter is set.
 */
export async function listHistory(db: Db, f: HistoryFilter, after: HistoryCursor | undefined, limit: number): Promise<{ rows: HistoryRow[]; next: HistoryCursor | null }> {
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > 10_000) throw invalid('limit must be between 1 and 10,000');
  const contactIds = f.email ? await contactIdsFor(db, f.email) : undefined;
  if (contactIds && contactIds.length === 0) return { rows: [], next: null };

  const updateConds: Expression<SqlBool>[] = [sql<SqlBool>`u.released_at IS NOT NULL`];
  if (f.updateId !== undefined) updateConds.push(sql<SqlBool>`u.id = ${f.updateId}`);
  if (f.situationId !== undefined) updateConds.push(sql<SqlBool>`u.situation_id = ${f.situationId}`);
  if (after) updateConds.push(sql<SqlBool>`u.id <= ${after.u}`);
  // An update released after the window closed, or done sending before it opened, has no row in it.
  if (f.to) updateConds.push(sql<SqlBool>`u.released_at < ${f.to}`);
  if (f.from) updateConds.push(sql<SqlBool>`(u.sent_at IS NULL OR u.sent_at >= ${f.from})`);

  const deliveryConds: Expression<SqlBool>[] = [sql<SqlBool>`d.update_id = u.id`];
  // Written as one bound on contact_id, so it is an index condition rather than a filter.
  if (after) deliveryConds.push(sql<SqlBool>`d.contact_id < (CASE WHEN u.id = ${after.u} THEN ${after.c}::bigint ELSE 9223372036854775807 END)`);
  if (contactIds) deliveryConds.push(sql<SqlBool>`d.contact_id = ANY(${contactIds}::bigint[])`);
  if (f.status) deliveryConds.push(sql<SqlBool>`d.status = ${f.status}`);
  if (f.from) deliveryConds.push(sql<SqlBool>`d.sent_at >= ${f.from}`);
  if (f.to) deliveryConds.push(sql<SqlBool>`d.sent_at < ${f.to}`);

  // Columns come out in the row's own shape; bigint ids are numbers already (src/db/connection.ts).
  const result = await sql<HistoryRow>`
    SELECT d.id, d.update_id AS "updateId", d.contact_id AS "contactId", u.number AS "updateNumber", u.situation_id AS "situationId",
           s.title AS "situationTitle", d.email, d.name, d.locale, d.timezone, d.status, d.reason, d.bounce_type AS "bounceType",
           d.subject, d.body_hash AS "bodyHash", cp.name AS "contactPoint", d.promised_at AS "promisedAt", u.released_at AS "releasedAt",
           d.sent_at AS "sentAt", d.last_event_at AS "lastEventAt", d.provider_id AS "providerId"
      FROM (SELECT u.id, u.number, u.situation_id, u.released_at FROM updates u
             WHERE ${sql.join(updateConds, sql` AND `)}
             ORDER BY u.id DESC) u
     CROSS JOIN LATERAL (
            SELECT d.id, d.update_id, d.contact_id, d.email, d.name, d.locale, d.timezone, d.status, d.reason, d.bounce_type, d.subject,
                   d.body_hash, d.contact_point_id, d.promised_at, d.sent_at, d.last_event_at, d.provider_id
              FROM deliveries d
             WHERE ${sql.join(deliveryConds, sql` AND `)}
             ORDER BY d.contact_id DESC
             LIMIT ${limit + 1}) d
      JOIN situations s ON s.id = u.situation_id
      LEFT JOIN contact_points cp ON cp.id = d.contact_point_id
     ORDER BY u.id DESC, d.contact_id DESC
     LIMIT ${limit + 1}`.execute(db);
  const rows = result.rows.slice(0, limit);
  const last = rows[rows.length - 1];
  return { rows, next: result.rows.length > limit && last ? { u: last.updateId, c: last.contactId } : null };
}

/** The contacts an address belongs to (one, or none), the way history searches and exports name a customer. */
export async function contactIdsFor(db: Db, email: string): Promise<number[]> {
  const rows = await db.selectFrom('contacts').select('id').where('email_lower', '=', email.trim().toLowerCase()).execute();
  return rows.map((r) => r.id);
}

/** Words for the filter, for page headings and the first line of an export. */
export function describeFilter(f: HistoryFilter): string {
  const parts: string[] = [];
  if (f.situationId !== undefined) parts.push(`situation ${f.situationId}`);
  if (f.updateId !== undefined) parts.push(`update ${f.updateId}`);
  if (f.email) parts.push(`email ${f.email}`);
  if (f.status) parts.push(`status ${f.status}`);
  if (f.from) parts.push(`sent from ${f.from.toISOString()}`);
  if (f.to) parts.push(`sent before ${f.to.toISOString()}`);
  return parts.length ? parts.join(', ') : 'all deliveries';
}

/** The situations the history page offers as a filter, newest first. */
export async function situationChoices(db: Db): Promise<{ id: number; title: string }[]> {
  return db.selectFrom('situations').select(['id', 'title']).orderBy('id', 'desc').limit(500).execute();
}

/** The history page: one page of deliveries and the situations to filter by. */
export async function historyOverview(db: Db, f: HistoryFilter, after: HistoryCursor | undefined, limit: number) {
  const [page, situations] = await Promise.all([listHistory(db, f, after, limit), situationChoices(db)]);
  return { page, situations };
}
