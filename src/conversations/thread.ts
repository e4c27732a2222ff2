import { recordAudit } from '../audit/log.ts';
import { listContactPoints } from '../contact-points/queries.ts';
import type { Stamp } from '../clock.ts';
import type { Db } from '../db/connection.ts';
import type { ContactPoint, User } from '../db/types.ts';
import { AppError } from '../errors.ts';
import type { MailTransport } from '../sending/transport.ts';
import { answerConversation, resendAnswer, type AnswerResult } from './answer.ts';
import { flagForFollowUp } from './inbox.ts';
import { assertConversationInScope, conversationInScope, followUpInScope, noSuchConversation, scopeFor, type Acting, type InboxScope } from './scope.ts';

/**
 * One conversation as staff handle it, through the pages and the API alike.
 * Every action here, and every read for a person, applies the responder rule
 * of scope.ts first (a responder handles only the conversations of their own
 * contact points; any other id is not found), so no handler can forget it.
 */

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

/** One conversation in `scope`, with the follow-ups on its customer that the scope shows; not found outside it. */
export async function loadConversation(db: Db, scope: InboxScope, id: number): Promise<ConversationView> {
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
    .where(conversationInScope(scope))
    .executeTakeFirst();
  if (!cv) throw noSuchConversation();
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
    // The customer may talk to another contact point about another situation: a responder sees the notes on their own conversations only.
    db.selectFrom('follow_up_flags as f').select(['f.id', 'f.note', 'f.created_at', 'f.resolved_at']).where('f.contact_id', '=', cv.contact_id).where(followUpInScope(scope)).orderBy('f.id', 'desc').execute(),
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

/** Closes the wait without sending anything (the customer was answered another way). */
export async function markAnswered(db: Db, by: Acting, id: number): Promise<void> {
  await assertConversationInScope(db, by.user, id);
  const { actor } = by;
  await db.transaction().execute(async (tx) => {
    const r = await tx.updateTable('conversations').set({ status: 'answered', answered_at: new Date(), updated_at: new Date() }).where('id', '=', id).where('status', '=', 'open').returning('id').executeTakeFirst();
    if (!r) throw AppError.localized('conflict', 'conversations.notWaiting');
    await recordAudit(tx, actor, { action: 'conversation.mark_answered', subjectType: 'conversation', subjectId: id });
  });
}

/** Gives the conversation to another contact point; a responder who hands over no longer sees it. */
export async function handOver(db: Db, by: Acting, id: number, contactPointId: number): Promise<void> {
  await assertConversationInScope(db, by.user, id);
  const { actor } = by;
  await db.transaction().execute(async (tx) => {
    const cp = await tx.selectFrom('contact_points').select(['id', 'name']).where('id', '=', contactPointId).where('archived_at', 'is', null).executeTakeFirst();
    if (!cp) throw AppError.localized('validation_failed', 'conversations.chooseContactPoint');
    const before = await tx.selectFrom('conversations').select(['contact_point_id']).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!before) throw noSuchConversation();
    if (before.contact_point_id === cp.id) throw AppError.localized('validation_failed', 'conversations.alreadyWith', { name: cp.name });
    await tx.updateTable('conversations').set({ contact_point_id: cp.id, updated_at: new Date() }).where('id', '=', id).execute();
    await recordAudit(tx, actor, { action: 'conversation.handover', subjectType: 'conversation', subjectId: id, details: { from: before.contact_point_id, to: cp.id } });
  });
}

/** One conversation with its messages, for a person who may handle it. */
export function conversationFor(db: Db, user: User, id: number): Promise<ConversationView> {
  return loadConversation(db, scopeFor(user), id);
}

/** What the thread page shows: the conversation and the contact points it can be handed over to. */
export async function threadFor(db: Db, user: User, id: number): Promise<{ conversation: ConversationView; contactPoints: ContactPoint[] }> {
  const conversation = await conversationFor(db, user, id);
  return { conversation, contactPoints: await listContactPoints(db) };
}

/** Answers the customer by email; an answer the provider did not take is kept as not sent (`sent: false`). */
export async function sendAnswer(db: Db, transport: MailTransport, config: Parameters<typeof answerConversation>[2], by: Acting, id: number, text: string, options: Stamp = {}): Promise<AnswerResult> {
  await assertConversationInScope(db, by.user, id);
  return answerConversation(db, transport, config, by.actor, id, text, options);
}

/** Sends an answer kept as not sent again, under the same idempotency key. */
export async function sendAnswerAgain(db: Db, transport: MailTransport, by: Acting, id: number, messageId: number): Promise<AnswerResult> {
  await assertConversationInScope(db, by.user, id);
  return resendAnswer(db, transport, by.actor, id, messageId);
}

/** Flags the conversation's customer for a personal follow-up. */
export async function flagConversation(db: Db, by: Acting, id: number, note: string, options: Stamp = {}): Promise<number> {
  await assertConversationInScope(db, by.user, id);
  return flagForFollowUp(db, by.actor, id, note, options);
}
