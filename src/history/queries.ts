import { sql, type SqlBool, type Expression } from 'kysely';
import type { Db } from '../db/connection.ts';
import { NOT_DELIVERED, NOT_DELIVERED_STATUSES, type StatusFilter } from '../deliveries/state.ts';
import { invalid } from '../errors.ts';

/** One delivery state, or "not_delivered" for all of its states (src/deliveries/state.ts). */
export type DeliveryStatusFilter = StatusFilter;

export interface HistoryFilter {
  situationId?: number | undefined;
  updateId?: number | undefined;
  /** The update's number within its situation, as customers saw it ("Update 2"); only with situationId. */
  updateNumber?: number | undefined;
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
  if (f.updateNumber !== undefined) updateConds.push(sql<SqlBool>`u.number = ${f.updateNumber}`);
  if (after) updateConds.push(sql<SqlBool>`u.id <= ${after.u}`);
  // An update released after the window closed, or done sending before it opened, has no row in it.
  if (f.to) updateConds.push(sql<SqlBool>`u.released_at < ${f.to}`);
  if (f.from) updateConds.push(sql<SqlBool>`(u.sent_at IS NULL OR u.sent_at >= ${f.from})`);

  const deliveryConds: Expression<SqlBool>[] = [sql<SqlBool>`d.update_id = u.id`];
  // Written as one bound on contact_id, so it is an index condition rather than a filter.
  if (after) deliveryConds.push(sql<SqlBool>`d.contact_id < (CASE WHEN u.id = ${after.u} THEN ${after.c}::bigint ELSE 9223372036854775807 END)`);
  if (contactIds) deliveryConds.push(sql<SqlBool>`d.contact_id = ANY(${contactIds}::bigint[])`);
  if (f.status === NOT_DELIVERED) deliveryConds.push(sql<SqlBool>`d.status = ANY(${[...NOT_DELIVERED_STATUSES]}::text[])`);
  else if (f.status) deliveryConds.push(sql<SqlBool>`d.status = ${f.status}`);
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

/** What a filter's ids name, for people: the situation's title and the update's number within it. */
export interface FilterNames {
  situationTitle?: string | undefined;
  /** The update an update id filter names: its situation and number. */
  update?: { situationId: number; situationTitle: string; number: number | null } | undefined;
}

/** The names a filter's ids stand for (nothing when the filter names no situation or update). */
export async function filterNames(db: Db, f: HistoryFilter): Promise<FilterNames> {
  const [situation, update] = await Promise.all([
    f.situationId === undefined ? undefined : db.selectFrom('situations').select('title').where('id', '=', f.situationId).executeTakeFirst(),
    f.updateId === undefined
      ? undefined
      : db.selectFrom('updates as u').innerJoin('situations as s', 's.id', 'u.situation_id').select(['u.situation_id', 's.title', 'u.number']).where('u.id', '=', f.updateId).executeTakeFirst(),
  ]);
  return { situationTitle: situation?.title, update: update ? { situationId: update.situation_id, situationTitle: update.title, number: update.number } : undefined };
}

const STATUS_WORDS: Partial<Record<DeliveryStatusFilter, string>> = { [NOT_DELIVERED]: 'not delivered' };

/**
 * Words for the filter, in English, for the first line of an export: the
 * update by its situation and number, as customers saw it. The export's line
 * also keeps the ids (`withIds`), which its rows carry. (The page says the
 * same in its reader's language: history-page.tsx.)
 */
export function describeFilter(f: HistoryFilter, names: FilterNames = {}, withIds = false): string {
  const parts: string[] = [];
  const id = (n: number) => (withIds ? ` (id ${n})` : '');
  if (f.situationId !== undefined) {
    const title = names.situationTitle;
    parts.push(withIds || !title ? `situation ${f.situationId}${title ? ` "${title}"` : ''}` : title);
  }
  if (f.updateNumber !== undefined) parts.push(`update ${f.updateNumber}`);
  if (f.updateId !== undefined) {
    const u = names.update;
    parts.push(u ? `${u.situationTitle}, update ${u.number ?? '(not sent)'}${id(f.updateId)}` : `update id ${f.updateId}`);
  }
  if (f.email) parts.push(`email ${f.email}`);
  if (f.status) parts.push(`status ${STATUS_WORDS[f.status] ?? f.status}`);
  if (f.from) parts.push(`sent from ${f.from.toISOString()}`);
  if (f.to) parts.push(`sent before ${f.to.toISOString()}`);
  return parts.length ? parts.join(', ') : 'all deliveries';
}

/** The numbers of a situation's sent updates: the history's "Update 1, Update 2…" choice. */
export async function updateChoices(db: Db, situationId: number | undefined): Promise<number[]> {
  // No situation chosen yet: the numbers any situation reached, to pick together with a situation.
  const counted = await db
    .selectFrom('updates')
    .select((eb) => eb.fn.max('number').as('n'))
    .$if(situationId !== undefined, (q) => q.where('situation_id', '=', situationId!))
    .executeTakeFirst();
  return Array.from({ length: Math.min(Number(counted?.n ?? 0), 500) }, (_, i) => i + 1);
}

/** The situations the history page offers as a filter, newest first. */
export async function situationChoices(db: Db): Promise<{ id: number; title: string }[]> {
  return db.selectFrom('situations').select(['id', 'title']).orderBy('id', 'desc').limit(500).execute();
}

/** What the history page offers to filter by: the situations, and the updates of the one chosen. */
export async function historyChoices(db: Db, f: HistoryFilter, names: FilterNames = {}) {
  const situationId = f.situationId ?? names.update?.situationId;
  const [situations, updates] = await Promise.all([situationChoices(db), updateChoices(db, situationId)]);
  return { situations, updates };
}

/** The history page: one page of deliveries, what the filter's ids name, and the choices to filter by. */
export async function historyOverview(db: Db, f: HistoryFilter, after: HistoryCursor | undefined, limit: number) {
  const [page, names] = await Promise.all([listHistory(db, f, after, limit), filterNames(db, f)]);
  return { page, names, ...(await historyChoices(db, f, names)) };
}
