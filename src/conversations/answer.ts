import { recordAudit, type Actor } from '../audit/log.ts';
import type { Config } from '../config.ts';
import { stamped, type Stamp } from '../clock.ts';
import type { Db } from '../db/connection.ts';
import { AppError } from '../errors.ts';
import { escapeHtml, safeHeader } from '../sending/escape.ts';
import type { MailTransport, OutgoingEmail } from '../sending/transport.ts';
import { routedAddress, routedExpiry } from '../sending/reply-address.ts';
import { formatPromiseDate } from '../../i18n/dates.ts';
import { localeOr } from '../../i18n/locales.ts';
import { translator, type Translator } from '../../i18n/translate.ts';

export const ANSWER_MAX = 20_000;

export type AnswerResult = { sent: true; messageId: number; providerId: string } | { sent: false; messageId: number; reason: string };

/** The address part of a From header such as `Bokklubben <updates@bokklubben.no>`. */
export function addressOf(from: string): string {
  const m = /<([^<>\s]+@[^<>\s]+)>/.exec(from);
  return (m ? m[1]! : from).trim();
}

export function domainOf(address: string): string {
  const at = address.lastIndexOf('@');
  return at >= 0 ? address.slice(at + 1) : 'tidings';
}

/** `"Name" <address>` with the name stripped of anything that could break the header. */
export function mailbox(name: string, address: string): string {
  const clean = safeHeader(name).replace(/["\\<>]/g, '');
  return clean ? `"${clean}" <${safeHeader(address)}>` : safeHeader(address);
}

/** The thread root for portal questions, which carry no Message-ID of their own. */
export function conversationRootId(conversationId: number): string {
  return `<conversation-${conversationId}@tidings>`;
}

/**
 * The answer's subject, in the customer's language: a status-page question
 * (filed under an English label) is answered as "Re: <that label in their
 * language>", an email as "Re: <their own subject>".
 */
function replySubject(question: { subject: string; channel: string }, tr: Translator): string {
  const s = question.channel === 'portal' ? tr.t('answers.questionSubject') : safeHeader(question.subject) || tr.t('answers.replyFallbackSubject');
  return /^re:/i.test(s) ? s : `Re: ${s}`;
}

/** The answer followed by the customer's question, quoted as mail clients do, under a line in their language. */
function withQuotedQuestion(answer: string, question: { text: string; at: Date }, tr: Translator, timeZone: string): string {
  let date: string;
  try {
    date = formatPromiseDate(question.at, tr.locale, timeZone);
  } catch {
    date = formatPromiseDate(question.at, tr.locale, 'UTC');
  }
  const quoted = question.text
    .split('\n')
    .map((line) => (line.trim() === '' ? '>' : `> ${line}`))
    .join('\n');
  return `${answer}\n\n${tr.t('answers.quoteIntro', { date })}\n${quoted}`;
}

const QUOTE_STYLE = 'margin:0 0 16px;padding:0 0 0 12px;border-left:3px solid #9ca3af;color:#374151';

/** Paragraphs at blank lines; a run of "> " lines becomes a quotation. */
function toHtml(text: string): string {
  const blocks: string[] = [];
  for (const para of text.split(/\n{2,}/)) {
    let run: { quoted: boolean; lines: string[] } | undefined;
    const flush = () => {
      if (!run) return;
      const inner = run.lines.map((l) => escapeHtml(l)).join('<br>');
      blocks.push(run.quoted ? `<blockquote style="${QUOTE_STYLE}">${inner}</blockquote>` : `<p>${inner}</p>`);
    };
    for (const line of para.split('\n')) {
      const quoted = line.startsWith('>');
      if (!run || run.quoted !== quoted) {
        flush();
        run = { quoted, lines: [] };
      }
      run.lines.push(quoted ? line.replace(/^> ?/, '') : line);
    }
    flush();
  }
  return blocks.join('\n');
}

/**
 * Answers the customer from tidings, as a reply in the same thread, in the
 * name of the conversation's contact person, with their question quoted below
 * it; the subject and the line introducing the quote are in the customer's
 * language (their contact locale). The message keeps the whole email as its
 * text and the answer alone as its visible text. The outgoing message and its audit
 * entry are committed first; the email is then sent under the key
 * `answer-<message id>`, so a retry can never send it twice. Reply-To is the
 * contact person, at the routed address of the customer's latest delivery when
 * TIDINGS_REPLY_DOMAIN is set. A message whose
 * send failed keeps no provider id: the thread shows it as not sent and the
 * conversation goes back to waiting.
 */
export async function answerConversation(db: Db, transport: MailTransport, config: Pick<Config, 'from'> & Partial<Pick<Config, 'secret' | 'replyDomain'>>, actor: Actor, conversationId: number, text: string, options: Stamp = {}): Promise<AnswerResult> {
  const body = text.replace(/\r\n?/g, '\n').trim();
  if (!body) throw AppError.localized('validation_failed', 'conversations.answerEmpty');
  if (body.length > ANSWER_MAX || body.includes('\0')) throw AppError.localized('validation_failed', 'conversations.answerTooLong', { max: ANSWER_MAX });

  const fromAddress = addressOf(config.from);
  const domain = domainOf(fromAddress);
  const prepared = await db.transaction().execute(async (tx) => {
    const cv = await tx
      .selectFrom('conversations as cv')
      .innerJoin('contacts as c', 'c.id', 'cv.contact_id')
      .leftJoin('contact_points as cp', 'cp.id', 'cv.contact_point_id')
      .select(['cv.id', 'cv.contact_id', 'cv.situation_id', 'c.email', 'c.name as contact_name', 'c.locale', 'c.timezone', 'c.erased_at', 'cp.name as cp_name', 'cp.email as cp_email'])
      .where('cv.id', '=', conversationId)
      // The contact too: an erasure (src/contacts/erase.ts) waits for this answer, or this answer for it.
      .forUpdate(['cv', 'c'])
      .executeTakeFirst();
    if (!cv) throw AppError.localized('not_found', 'conversations.noSuchConversation');
    if (cv.erased_at) throw AppError.localized('conflict', 'conversations.customerErased');
    if (!cv.cp_name || !cv.cp_email) throw AppError.localized('conflict', 'conversations.handOverFirst');
    const last = await tx
      .selectFrom('messages')
      .select(['id', 'subject', 'message_id', 'references_ids', 'channel', 'visible_text', 'text', 'created_at'])
      .where('conversation_id', '=', conversationId)
      .where('direction', '=', 'in')
      .where('classification', '=', 'human')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (!last) throw AppError.localized('conflict', 'conversations.nothingToAnswer');
    const inReplyTo = safeHeader(last.message_id ?? '') || conversationRootId(conversationId);
    const refs = [...(last.references_ids ?? '').split(/\s+/).filter(Boolean), inReplyTo].map(safeHeader).filter(Boolean);
    const references = [...new Set(refs)].join(' ');
    const tr = translator(localeOr(cv.locale));
    const subject = replySubject(last, tr);
    const fullText = withQuotedQuestion(body, { text: last.visible_text || last.text, at: last.created_at }, tr, cv.timezone);
    const from = mailbox(cv.cp_name, fromAddress);
    // With a reply domain, the customer's answer comes back through the routed address of their latest delivery.
    let replyAddress = cv.cp_email;
    if (config.replyDomain && config.secret) {
      const d = await tx
        .selectFrom('deliveries as d')
        .innerJoin('updates as u', 'u.id', 'd.update_id')
        .select('d.id')
        .where('d.contact_id', '=', cv.contact_id)
        .where('u.situation_id', '=', cv.situation_id)
        .orderBy('d.id', 'desc')
        .limit(1)
        .executeTakeFirst();
      if (d) replyAddress = routedAddress(config.secret, config.replyDomain, { deliveryId: d.id, expiresAt: routedExpiry(options.now ?? new Date()) });
    }
    const replyTo = mailbox(cv.cp_name, replyAddress);
    const row = await tx
      .insertInto('messages')
      .values({
        conversation_id: conversationId,
        direction: 'out',
        channel: 'email',
        classification: 'human',
        from_address: from,
        to_address: cv.email,
        subject,
        text: fullText,
        visible_text: body,
        in_reply_to: inReplyTo,
        references_ids: references,
        reply_to: replyTo,
        author_user_id: actor.userId,
        ...stamped(options.now, 'created_at'),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const ownId = `<answer-${row.id}@${domain}>`;
    await tx.updateTable('messages').set({ message_id: ownId }).where('id', '=', row.id).execute();
    const now = options.now ?? new Date();
    await tx.updateTable('conversations').set({ status: 'answered', answered_at: now, updated_at: now }).where('id', '=', conversationId).execute();
    // The contact's id, never the address: the audit log cannot be changed, and an erasure must leave no address behind.
    await recordAudit(tx, actor, { action: 'conversation.answer', subjectType: 'conversation', subjectId: conversationId, details: { messageId: row.id, contactId: cv.contact_id }, at: options.now });
    return { messageId: row.id, email: answerEmail({ id: row.id, conversation_id: conversationId, from_address: from, to_address: cv.email, reply_to: replyTo, subject, text: fullText, message_id: ownId, in_reply_to: inReplyTo, references_ids: references }) };
  });
  return deliverAnswer(db, transport, actor, conversationId, prepared.messageId, prepared.email, options);
}

interface StoredAnswer {
  id: number;
  conversation_id: number;
  from_address: string;
  to_address: string;
  reply_to: string | null;
  subject: string;
  text: string;
  message_id: string | null;
  in_reply_to: string | null;
  references_ids: string | null;
}

/** The email of a stored answer: built only from the row, so every attempt sends the same bytes under the same key. */
function answerEmail(m: StoredAnswer): OutgoingEmail {
  return {
    key: `answer-${m.id}`,
    from: m.from_address,
    to: m.to_address,
    replyTo: m.reply_to ?? m.from_address,
    subject: m.subject,
    html: toHtml(m.text),
    text: m.text,
    headers: Object.fromEntries(
      Object.entries({ 'Message-ID': m.message_id, 'In-Reply-To': m.in_reply_to, References: m.references_ids }).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== ''),
    ),
    tags: [
      { name: 'kind', value: 'answer' },
      { name: 'conversation', value: String(m.conversation_id) },
    ],
  };
}

/**
 * Sends an answer that was kept as not sent, again: the same email under the
 * same key, so if the first attempt did reach the provider after all, the
 * provider drops this one instead of the customer getting two.
 */
export async function resendAnswer(db: Db, transport: MailTransport, actor: Actor, conversationId: number, messageId: number): Promise<AnswerResult> {
  const m = await db
    .selectFrom('messages as m')
    .innerJoin('conversations as cv', 'cv.id', 'm.conversation_id')
    .innerJoin('contacts as c', 'c.id', 'cv.contact_id')
    .select(['m.id', 'm.conversation_id', 'm.direction', 'm.provider_id', 'm.from_address', 'm.to_address', 'm.reply_to', 'm.subject', 'm.text', 'm.message_id', 'm.in_reply_to', 'm.references_ids', 'c.erased_at'])
    .where('m.id', '=', messageId)
    .where('m.conversation_id', '=', conversationId)
    .executeTakeFirst();
  if (!m || m.direction !== 'out') throw new AppError('not_found', `no answer ${messageId} in conversation ${conversationId}`);
  if (m.provider_id) throw AppError.localized('conflict', 'conversations.answerSentAlready');
  if (m.erased_at) throw AppError.localized('conflict', 'conversations.customerErased');
  await db.transaction().execute(async (tx) => {
    const now = new Date();
    await tx.updateTable('conversations').set({ status: 'answered', answered_at: now, updated_at: now }).where('id', '=', conversationId).where('status', '=', 'open').execute();
    await recordAudit(tx, actor, { action: 'conversation.answer_resend', subjectType: 'conversation', subjectId: conversationId, details: { messageId } });
  });
  return deliverAnswer(db, transport, actor, conversationId, messageId, answerEmail(m));
}

/** Hands a prepared answer to the provider and records the outcome; a failure leaves the customer waiting, with the reason on the record. */
async function deliverAnswer(db: Db, transport: MailTransport, actor: Actor, conversationId: number, messageId: number, email: OutgoingEmail, options: Stamp = {}): Promise<AnswerResult> {
  const prepared = { messageId, email };
  let reason: string;
  try {
    const outcome = await transport.sendBatch([prepared.email], prepared.email.key);
    if (outcome.kind === 'accepted') {
      const r = outcome.results[0];
      if (r?.ok) {
        await db.updateTable('messages').set({ provider_id: r.providerId }).where('id', '=', prepared.messageId).execute();
        return { sent: true, messageId: prepared.messageId, providerId: r.providerId };
      }
      reason = r ? r.reason : 'the provider returned no result';
    } else reason = outcome.message;
  } catch (err) {
    reason = err instanceof Error ? err.message : String(err);
  }
  // Not sent: the customer is still waiting, and the record says why.
  await db.transaction().execute(async (tx) => {
    await tx.updateTable('conversations').set({ status: 'open', answered_at: null, updated_at: options.now ?? new Date() }).where('id', '=', conversationId).where('status', '=', 'answered').execute();
    await recordAudit(tx, actor, { action: 'conversation.answer_failed', subjectType: 'conversation', subjectId: conversationId, details: { messageId: prepared.messageId, reason }, at: options.now });
  });
  return { sent: false, messageId: prepared.messageId, reason };
}
