import { sql } from 'kysely';
import { recordAudit, type Actor } from '../audit/log.ts';
import type { Db } from '../db/connection.ts';
import type { User } from '../db/types.ts';
import { AppError, invalid } from '../errors.ts';

/** Whose conversations a person sees: a responder their own contact points', others everyone's or one contact point's. */
export type InboxScope = { kind: 'all' } | { kind: 'user'; userId: number } | { kind: 'contact_point'; contactPointId: number };

export function scopeFor(user: User, filter?: { contactPointId?: number | undefined; mine?: boolean | undefined }): InboxScope {
  if (user.role === 'responder' || filter?.mine) return { kind: 'user', userId: user.id };
  if (filter?.contactPointId) return { kind: 'contact_point', contactPointId: filter.contactPointId };
  return { kind: 'all' };
}

function scopeCondition(scope: InboxScope) {
  switch (scope.kind) {
    case 'all':
      return sql<boolean>`true`;
    case 'user':
      return sql<boolean>`cp.user_id = ${scope.userId}`;
    case 'contact_point':
      return sql<boolean>`cv.contact_point_id = ${scope.contactPointId}`;
  }
}

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
     WHERE cv.status = ${state} AND ${scopeCondition(scope)}
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
      LEFT JOIN contact_points cp ON cp.id = cv.contact_point_id
     WHERE cv.status = 'open' AND ${scopeCondition(scope)}`.execute(db);
  const row = r.rows[0]!;
  return { under4h: Number(row.a), from4to24h: Number(row.b), over24h: Number(row.c) };
}

export async function openFollowUpCount(db: Db): Promise<number> {
  const r = await db.selectFrom('follow_up_flags').select((eb) => eb.fn.countAll<string>().as('n')).where('resolved_at', 'is', null).executeTakeFirstOrThrow();
  return Number(r.n);
}

/** "12 min", "3 h", "2 days". */
export function formatAge(since: Date | null, now = new Date()): string {
  if (!since) return '—';
  const minutes = Math.max(0, Math.floor((now.getTime() - since.getTime()) / 60_000));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h`;
  return `${Math.floor(hours / 24)} days`;
}

export interface ConversationView {
  id: number;
  status: 'open' | 'answered' | 'closed';
  waitingSince: Date | null;
  answeredAt: Date | null;
  contact: { id: number; name: string; email: string; locale: string };
  situation: { id: number; title: string };
  contactPoint: { id: number; name: string; email: string; userId: number | null } | null;
  messages: {
    id: number;
    direction: 'in' | 'out';
    channel: 'email' | 'portal';
    classification: 'human' | 'auto_reply' | 'bounce';
    from: string;
    subject: string;
    visibleText: string;
    text: string;
    sent: boolean;
    authorName: string | null;
    createdAt: Date;
  }[];
  history: { updateId: number; number: number | null; subject: string | null; status: string; sentAt: Date | null; lastEventAt: Date | null }[];
  flags: { id: number; note: string; createdAt: Date; resolvedAt: Date | null }[];
}

export async function loadConversation(db: Db, id: number): Promise<ConversationView> {
  const cv = await db
    .selectFrom('conversations as cv')
    .innerJoin('contacts as c', 'c.id', 'cv.contact_id')
    .innerJoin('situations as s', 's.id', 'cv.situation_id')
    .leftJoin('contact_points as cp', 'cp.id', 'cv.contact_point_id')
    .select([
      'cv.id',
      'cv.status',
      'cv.last_customer_message_at',
      'cv.answered_at',
      'cv.situation_id',
      'c.id as contact_id',
      'c.name as contact_name',
      'c.email as contact_email',
      'c.locale as contact_locale',
      's.title',
      'cp.id as cp_id',
      'cp.name as cp_name',
      'cp.email as cp_email',
      'cp.user_id as cp_user_id',
    ])
    .where('cv.id', '=', id)
    .executeTakeFirst();
  if (!cv) throw new AppError('not_found', 'no such conversation');
  const [messages, history, flags] = await Promise.all([
    db
      .selectFrom('messages as m')
      .leftJoin('users as u', 'u.id', 'm.author_user_id')
      .select(['m.id', 'm.direction', 'm.channel', 'm.classification', 'm.from_address', 'm.subject', 'm.visible_text', 'm.text', 'm.provider_id', 'm.created_at', 'u.name as author'])
      .where('m.conversation_id', '=', id)
      .orderBy('m.id')
      .execute(),
    db
      .selectFrom('deliveries as d')
      .innerJoin('updates as u', 'u.id', 'd.update_id')
      .select(['u.id', 'u.number', 'd.subject', 'd.status', 'd.sent_at', 'd.last_event_at'])
      .where('d.contact_id', '=', cv.contact_id)
      .where('u.situation_id', '=', cv.situation_id)
      .orderBy('u.number')
      .orderBy('d.id')
      .execute(),
    db.selectFrom('follow_up_flags').select(['id', 'note', 'created_at', 'resolved_at']).where('contact_id', '=', cv.contact_id).orderBy('id', 'desc').execute(),
  ]);
  return {
    id: cv.id,
    status: cv.status,
    waitingSince: cv.last_customer_message_at,
    answeredAt: cv.answered_at,
    contact: { id: cv.contact_id, name: cv.contact_name, email: cv.contact_email, locale: cv.contact_locale },
    situation: { id: cv.situation_id, title: cv.title },
    contactPoint: cv.cp_id != null ? { id: cv.cp_id, name: cv.cp_name ?? '', email: cv.cp_email ?? '', userId: cv.cp_user_id ?? null } : null,
    messages: messages.map((m) => ({
      id: m.id,
      direction: m.direction,
      channel: m.channel,
      classification: m.classification,
      from: m.from_address,
      subject: m.subject,
      visibleText: m.visible_text || m.text,
      text: m.text,
      sent: m.direction === 'in' || m.provider_id !== null,
      authorName: m.author ?? null,
      createdAt: m.created_at,
    })),
    history: history.map((h) => ({ updateId: h.id, number: h.number, subject: h.subject, status: h.status, sentAt: h.sent_at, lastEventAt: h.last_event_at })),
    flags: flags.map((f) => ({ id: f.id, note: f.note, createdAt: f.created_at, resolvedAt: f.resolved_at })),
  };
}

/** A responder acts only on the conversations of their own contact points; others on all. */
export async function assertMayHandle(db: Db, user: User, conversationId: number): Promise<void> {
  const row = await db
    .selectFrom('conversations as cv')
    .leftJoin('contact_points as cp', 'cp.id', 'cv.contact_point_id')
    .select(['cv.id', 'cp.user_id'])
    .where('cv.id', '=', conversationId)
    .executeTakeFirst();
  if (!row) throw new AppError('not_found', 'no such conversation');
  if (user.role === 'responder' && row.user_id !== user.id) throw new AppError('forbidden', 'this conversation belongs to another contact point');
}

export async function markAnswered(db: Db, actor: Actor, id: number): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const r = await tx.updateTable('conversations').set({ status: 'answered', answered_at: new Date(), updated_at: new Date() }).where('id', '=', id).where('status', '=', 'open').returning('id').executeTakeFirst();
    if (!r) throw new AppError('conflict', 'this conversation is not waiting for an answer');
    await recordAudit(tx, actor, { action: 'conversation.mark_answered', subjectType: 'conversation', subjectId: id });
  });
}

export async function handOver(db: Db, actor: Actor, id: number, contactPointId: number): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const cp = await tx.selectFrom('contact_points').select(['id', 'name']).where('id', '=', contactPointId).where('archived_at', 'is', null).executeTakeFirst();
    if (!cp) throw invalid('choose an active contact point to hand over to');
    const before = await tx.selectFrom('conversations').select(['contact_point_id']).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!before) throw new AppError('not_found', 'no such conversation');
    if (before.contact_point_id === cp.id) throw invalid(`the conversation is already with ${cp.name}`);
    await tx.updateTable('conversations').set({ contact_point_id: cp.id, updated_at: new Date() }).where('id', '=', id).execute();
    await recordAudit(tx, actor, { action: 'conversation.handover', subjectType: 'conversation', subjectId: id, details: { from: before.contact_point_id, to: cp.id } });
  });
}

export async function flagForFollowUp(db: Db, actor: Actor, id: number, note: string): Promise<number> {
  const text = note.trim();
  if (!text) throw invalid('write a note: what should the follow-up be about?');
  if (text.length > 2000) throw invalid('keep the note under 2,000 characters');
  return db.transaction().execute(async (tx) => {
    const cv = await tx.selectFrom('conversations').select(['contact_id']).where('id', '=', id).executeTakeFirst();
    if (!cv) throw new AppError('not_found', 'no such conversation');
    const flag = await tx.insertInto('follow_up_flags').values({ contact_id: cv.contact_id, conversation_id: id, note: text, flagged_by: actor.userId }).returning('id').executeTakeFirstOrThrow();
    await recordAudit(tx, actor, { action: 'followup.flag', subjectType: 'contact', subjectId: cv.contact_id, details: { flagId: flag.id, conversationId: id } });
    return flag.id;
  });
}

export async function resolveFollowUp(db: Db, actor: Actor, flagId: number): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const r = await tx.updateTable('follow_up_flags').set({ resolved_at: new Date(), resolved_by: actor.userId }).where('id', '=', flagId).where('resolved_at', 'is', null).returning(['contact_id']).executeTakeFirst();
    if (!r) throw new AppError('not_found', 'no open follow-up with that id');
    await recordAudit(tx, actor, { action: 'followup.resolve', subjectType: 'contact', subjectId: r.contact_id, details: { flagId } });
  });
}

export async function listFollowUps(db: Db, open = true) {
  let q = db
    .selectFrom('follow_up_flags as f')
    .innerJoin('contacts as c', 'c.id', 'f.contact_id')
    .leftJoin('users as u', 'u.id', 'f.flagged_by')
    .leftJoin('conversations as cv', 'cv.id', 'f.conversation_id')
    .leftJoin('situations as s', 's.id', 'cv.situation_id')
    .select(['f.id', 'f.note', 'f.created_at', 'f.resolved_at', 'f.conversation_id', 'c.name as customer', 'c.email', 'u.name as flagged_by', 's.title as situation']);
  q = open ? q.where('f.resolved_at', 'is', null).orderBy('f.created_at', 'asc') : q.where('f.resolved_at', 'is not', null).orderBy('f.resolved_at', 'desc').limit(100);
  return q.execute();
}
