import { sql } from 'kysely';
import { recordAudit, type Actor } from '../audit/log.ts';
import { listContactPoints } from '../contact-points/queries.ts';
import { stamped, type Stamp } from '../clock.ts';
import type { Db } from '../db/connection.ts';
import type { ContactPoint, User } from '../db/types.ts';
import { AppError } from '../errors.ts';
import { t } from '../../i18n/current.ts';
import { conversationInScope, followUpInScope, noSuchConversation, scopeFor, type Acting, type InboxScope } from './scope.ts';

export interface InboxRow {
  id: number;
  contactId: number;
  customerName: string;
  customerEmail: string;
  situationTitle: string;
  contactPointName: string | null;
  waitingSince: Date | null;
  lastExcerpt: string;
}

const EXCERPT = 160;

export type ConversationState = 'open' | 'answered' | 'closed';

/** Open conversations, the longest-waiting customer first. */
export function listOpenConversations(db: Db, scope: InboxScope): Promise<InboxRow[]> {
  return listConversations(db, scope, 'open');
}

/** Conversations in one state: open ones longest-waiting first, the others most recent first. */
export async function listConversations(db: Db, scope: InboxScope, state: ConversationState): Promise<InboxRow[]> {
  const rows = await sql<{
    id: number;
    contact_id: number;
    name: string;
    email: string;
    title: string;
    cp_name: string | null;
    waiting: Date | null;
    excerpt: string | null;
  }>`
    SELECT cv.id, cv.contact_id, c.name, c.email, s.title, cp.name AS cp_name, cv.last_customer_message_at AS waiting,
           (SELECT m.visible_text FROM messages m
             WHERE m.conversation_id = cv.id AND (m.direction = 'out' OR m.classification = 'human')
             ORDER BY m.id DESC LIMIT 1) AS excerpt
      FROM conversations cv
      JOIN contacts c ON c.id = cv.contact_id
      JOIN situations s ON s.id = cv.situation_id
      LEFT JOIN contact_points cp ON cp.id = cv.contact_point_id
     WHERE cv.status = ${state} AND ${conversationInScope(scope)}
     ORDER BY ${state === 'open' ? sql`cv.last_customer_message_at ASC NULLS LAST, cv.id ASC` : sql`cv.updated_at DESC, cv.id DESC`}
     LIMIT 500`.execute(db);
  return rows.rows.map((r) => ({
    id: Number(r.id),
    contactId: Number(r.contact_id),
    customerName: r.name,
    customerEmail: r.email,
    situationTitle: r.title,
    contactPointName: r.cp_name,
    waitingSince: r.waiting,
    lastExcerpt: excerpt(r.excerpt ?? ''),
  }));
}

export function excerpt(text: string, max = EXCERPT): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1).trimEnd()}…` : flat;
}

export interface AgeBands {
  under4h: number;
  from4to24h: number;
  over24h: number;
}

/** Unanswered conversations counted by how long the customer has waited. */
export async function ageBands(db: Db, scope: InboxScope, now = new Date()): Promise<AgeBands> {
  const r = await sql<{ a: string; b: string; c: string }>`
    SELECT count(*) FILTER (WHERE cv.last_customer_message_at > ${now}::timestamptz - interval '4 hours' OR cv.last_customer_message_at IS NULL) AS a,
           count(*) FILTER (WHERE cv.last_customer_message_at <= ${now}::timestamptz - interval '4 hours' AND cv.last_customer_message_at > ${now}::timestamptz - interval '24 hours') AS b,
           count(*) FILTER (WHERE cv.last_customer_message_at <= ${now}::timestamptz - interval '24 hours') AS c
      FROM conversations cv
     WHERE cv.status = 'open' AND ${conversationInScope(scope)}`.execute(db);
  const row = r.rows[0]!;
  return { under4h: Number(row.a), from4to24h: Number(row.b), over24h: Number(row.c) };
}

/** Open follow-ups in the person's scope (a responder: those on their own contact points' conversations). */
export async function openFollowUpCount(db: Db, scope: InboxScope): Promise<number> {
  const r = await db.selectFrom('follow_up_flags as f').select((eb) => eb.fn.countAll<string>().as('n')).where('f.resolved_at', 'is', null).where(followUpInScope(scope)).executeTakeFirstOrThrow();
  return Number(r.n);
}

/** "12 min", "3 h", "2 days", in the language of the page being served. */
export function formatAge(since: Date | null, now = new Date()): string {
  if (!since) return '—';
  const minutes = Math.max(0, Math.floor((now.getTime() - since.getTime()) / 60_000));
  if (minutes < 60) return t('conversations.ageMinutes', { count: minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return t('conversations.ageHours', { count: hours });
  return t('conversations.ageDays', { count: Math.floor(hours / 24) });
}

export type InboxFilter = NonNullable<Parameters<typeof scopeFor>[1]>;

export interface Inbox {
  scope: InboxScope;
  rows: InboxRow[];
  bands: AgeBands;
  /** The contact points to filter by; none for a responder, who sees only their own. */
  contactPoints: ContactPoint[];
}

/** What the inbox shows a person: the open conversations in their scope and how long those customers have waited. */
export async function inboxFor(db: Db, user: User, filter: InboxFilter): Promise<Inbox> {
  const scope = scopeFor(user, filter);
  const [rows, bands, contactPoints] = await Promise.all([listOpenConversations(db, scope), ageBands(db, scope), user.role === 'responder' ? Promise.resolve([]) : listContactPoints(db)]);
  return { scope, rows, bands, contactPoints };
}

const NOTE_MAX = 2000;

export async function flagForFollowUp(db: Db, actor: Actor, id: number, note: string, options: Stamp = {}): Promise<number> {
  const text = note.trim();
  if (!text) throw AppError.localized('validation_failed', 'conversations.noteMissing');
  if (text.length > NOTE_MAX) throw AppError.localized('validation_failed', 'conversations.noteTooLong', { max: NOTE_MAX });
  return db.transaction().execute(async (tx) => {
    const cv = await tx.selectFrom('conversations').select(['contact_id']).where('id', '=', id).executeTakeFirst();
    if (!cv) throw noSuchConversation();
    const flag = await tx
      .insertInto('follow_up_flags')
      .values({ contact_id: cv.contact_id, conversation_id: id, note: text, flagged_by: actor.userId, ...stamped(options.now, 'created_at') })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(tx, actor, { action: 'followup.flag', subjectType: 'contact', subjectId: cv.contact_id, details: { flagId: flag.id, conversationId: id }, at: options.now });
    return flag.id;
  });
}

/** Marks a follow-up done; one outside the person's scope is not found, like one that does not exist. */
export async function resolveFollowUp(db: Db, by: Acting, flagId: number): Promise<void> {
  const { actor } = by;
  await db.transaction().execute(async (tx) => {
    const r = await tx
      .updateTable('follow_up_flags as f')
      .set({ resolved_at: new Date(), resolved_by: actor.userId })
      .where('f.id', '=', flagId)
      .where('f.resolved_at', 'is', null)
      .where(followUpInScope(scopeFor(by.user)))
      .returning(['f.contact_id'])
      .executeTakeFirst();
    if (!r) throw AppError.localized('not_found', 'conversations.noOpenFollowUp');
    await recordAudit(tx, actor, { action: 'followup.resolve', subjectType: 'contact', subjectId: r.contact_id, details: { flagId } });
  });
}

export async function listFollowUps(db: Db, scope: InboxScope, open = true) {
  let q = db
    .selectFrom('follow_up_flags as f')
    .innerJoin('contacts as c', 'c.id', 'f.contact_id')
    .leftJoin('users as u', 'u.id', 'f.flagged_by')
    .leftJoin('conversations as cv', 'cv.id', 'f.conversation_id')
    .leftJoin('situations as s', 's.id', 'cv.situation_id')
    .select(['f.id', 'f.note', 'f.created_at', 'f.resolved_at', 'f.conversation_id', 'c.name as customer', 'c.email', 'u.name as flagged_by', 's.title as situation'])
    .where(followUpInScope(scope));
  q = open ? q.where('f.resolved_at', 'is', null).orderBy('f.created_at', 'asc') : q.where('f.resolved_at', 'is not', null).orderBy('f.resolved_at', 'desc').limit(100);
  return q.execute();
}

export type FollowUpRow = Awaited<ReturnType<typeof listFollowUps>>[number];

/** The follow-up list a person sees: every open one in their scope, oldest first, and the latest done. */
export async function followUpsOverview(db: Db, user: User): Promise<{ open: FollowUpRow[]; done: FollowUpRow[] }> {
  const scope = scopeFor(user);
  const [open, done] = await Promise.all([listFollowUps(db, scope, true), listFollowUps(db, scope, false)]);
  return { open, done };
}
