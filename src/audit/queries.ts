import type { Db } from '../db/connection.ts';
import type { AuditEntry } from '../db/types.ts';
import { chainHead, parseAnchor, verifyAuditChain, type ChainPoint, type VerifyResult } from './verify.ts';

export interface AuditFilter {
  action?: string | undefined;
  actor?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  /** Entries with an id below this one (keyset pagination, newest first). */
  beforeId?: number | undefined;
  limit?: number;
}

/** Newest first, keyset-paginated on id. `action` matches a prefix such as "contacts.". */
export async function listAudit(db: Db, f: AuditFilter): Promise<{ entries: AuditEntry[]; nextBeforeId: number | null }> {
  const limit = Math.min(Math.max(f.limit ?? 50, 1), 500);
  let q = db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(limit + 1);
  if (f.beforeId) q = q.where('id', '<', f.beforeId);
  if (f.action) q = q.where('action', 'like', f.action.replace(/[\\%_]/g, '\\$&') + '%');
  if (f.actor) q = q.where('actor', 'ilike', '%' + f.actor.replace(/[\\%_]/g, '\\$&') + '%');
  if (f.from) q = q.where('at', '>=', f.from);
  if (f.to) q = q.where('at', '<', f.to);
  const rows = await q.execute();
  const entries = rows.slice(0, limit);
  return { entries, nextBeforeId: rows.length > limit ? entries[entries.length - 1]!.id : null };
}

/** What an update id stands for, for people: its situation and the number customers saw (null until sent). */
export interface UpdateName {
  situationId: number;
  situationTitle: string;
  number: number | null;
}

/** Detail keys that hold an update id. */
export const UPDATE_ID_KEYS = ['updateId', 'keptByUpdateId'] as const;

/** The updates and situations a page of entries names by id (as subject or in its details), by id. */
export async function entryNames(db: Db, entries: AuditEntry[]): Promise<{ updates: Map<number, UpdateName>; situations: Map<number, string> }> {
  const updateIds = new Set<number>();
  const situationIds = new Set<number>();
  for (const e of entries) {
    const subject = Number(e.subject_id);
    if (e.subject_type === 'update' && Number.isSafeInteger(subject)) updateIds.add(subject);
    if (e.subject_type === 'situation' && Number.isSafeInteger(subject)) situationIds.add(subject);
    const details = (e.details ?? {}) as Record<string, unknown>;
    for (const k of UPDATE_ID_KEYS) if (Number.isSafeInteger(details[k])) updateIds.add(details[k] as number);
  }
  const [updates, situations] = await Promise.all([
    updateIds.size
      ? db.selectFrom('updates as u').innerJoin('situations as s', 's.id', 'u.situation_id').select(['u.id', 'u.number', 'u.situation_id', 's.title']).where('u.id', 'in', [...updateIds]).execute()
      : [],
    situationIds.size ? db.selectFrom('situations').select(['id', 'title']).where('id', 'in', [...situationIds]).execute() : [],
  ]);
  return {
    updates: new Map(updates.map((u) => [u.id, { situationId: u.situation_id, situationTitle: u.title, number: u.number }])),
    situations: new Map(situations.map((s) => [s.id, s.title])),
  };
}

/**
 * The audit log page: one page of entries, the head of the chain for an auditor
 * to copy and, when asked, the result of walking the chain (against an anchor
 * written as SEQ:HASH, when one is given).
 */
export async function auditLogPage(
  db: Db,
  filter: AuditFilter,
  verify: { anchor?: string | undefined } | undefined,
): Promise<{ entries: AuditEntry[]; nextBeforeId: number | null; head: ChainPoint | null; verified: VerifyResult | undefined; names: Awaited<ReturnType<typeof entryNames>> }> {
  const anchor = verify?.anchor ? parseAnchor(verify.anchor) : undefined;
  const page = await listAudit(db, filter);
  const verified = verify ? await verifyAuditChain(db, anchor ? { anchor } : {}) : undefined;
  return { ...page, head: verified ? verified.head : await chainHead(db), verified, names: await entryNames(db, page.entries) };
}
