import { lockPortalLimiterKey } from '../db/locks.ts';
import type { Stamp } from '../clock.ts';
import type { Db } from '../db/connection.ts';
import { fileCustomerMessage, type FiledMessage } from '../conversations/queries.ts';
import { translator } from '../../i18n/translate.ts';
import { portalRefusal, type StatusLink } from './status.ts';

export const QUESTION_MAX = 5000;
/**
 * The subject a status-page question is filed under: a label on the staff
 * record, kept in English like every stored label. The answer's subject says
 * it in the customer's language (src/conversations/answer.ts).
 */
export const QUESTION_SUBJECT = translator('en').t('answers.questionSubject');

/**
 * A sliding-window limit shared by every process through PostgreSQL: counts an
 * attempt for every key, unless one of them already has `limit` attempts in
 * the window. Keys are locked (in a fixed order) for the check and the insert,
 * so two processes cannot both take the last slot.
 */
export async function takeAttempt(db: Db, keys: string[], limit: number, windowMs: number, now = new Date()): Promise<boolean> {
  const sorted = [...new Set(keys)].sort();
  const from = new Date(now.getTime() - windowMs);
  return db.transaction().execute(async (tx) => {
    for (const key of sorted) await lockPortalLimiterKey(tx, key);
    await tx.deleteFrom('portal_attempts').where('key', 'in', sorted).where('at', '<=', from).execute();
    const counts = await tx.selectFrom('portal_attempts').select(['key', (eb) => eb.fn.countAll<string>().as('n')]).where('key', 'in', sorted).groupBy('key').execute();
    if (counts.some((c) => Number(c.n) >= limit)) return false;
    await tx.insertInto('portal_attempts').values(sorted.map((key) => ({ key, at: now }))).execute();
    return true;
  });
}

export type QuestionCheck = { ok: true; text: string } | { ok: false; problem: 'askEmpty' | 'askTooLong' };

export function checkQuestion(raw: unknown): QuestionCheck {
  const text = typeof raw === 'string' ? raw.replace(/\r\n?/g, '\n').trim() : '';
  if (text.length === 0 || text.includes('\0')) return { ok: false, problem: 'askEmpty' };
  if (text.length > QUESTION_MAX) return { ok: false, problem: 'askTooLong' };
  return { ok: true, text };
}

export interface QuestionTarget {
  deliveryId: number;
  contactId: number;
  email: string;
  updateId: number;
  situationId: number;
  contactPointId: number | null;
  contactPointEmail: string;
}

/** Who asks and whom the question reaches, from the delivery the signed link names. */
export async function questionTarget(db: Db, deliveryId: number): Promise<QuestionTarget | undefined> {
  const row = await db
    .selectFrom('deliveries as d')
    .innerJoin('updates as u', 'u.id', 'd.update_id')
    .innerJoin('contacts as c', 'c.id', 'd.contact_id')
    .leftJoin('contact_points as cp', 'cp.id', 'd.contact_point_id')
    .select(['d.id', 'd.contact_id', 'd.update_id', 'd.contact_point_id', 'c.email', 'u.situation_id', 'cp.email as cp_email'])
    .where('d.id', '=', deliveryId)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    deliveryId: row.id,
    contactId: row.contact_id,
    email: row.email,
    updateId: row.update_id,
    situationId: row.situation_id,
    contactPointId: row.contact_point_id,
    contactPointEmail: row.cp_email ?? '',
  };
}

/** Files a status-page question in the customer's conversation about the situation. */
export function fileQuestion(db: Db, target: QuestionTarget, text: string, options: Stamp = {}): Promise<FiledMessage> {
  return fileCustomerMessage(
    db,
    {
      contactId: target.contactId,
      situationId: target.situationId,
      updateId: target.updateId,
      contactPointId: target.contactPointId,
      channel: 'portal',
      classification: 'human',
      from: target.email,
      to: target.contactPointEmail,
      subject: QUESTION_SUBJECT,
      text,
      visibleText: text,
    },
    options,
  );
}

/** A cross-site form post carries a foreign Origin (or Referer); a same-site one, or none, passes. */
export function sameOrigin(headers: { origin?: string | undefined; referer?: string | undefined }, allowed: string[]): boolean {
  const claimed = headers.origin && headers.origin !== 'null' ? headers.origin : headers.referer;
  if (headers.origin === 'null') return false;
  if (!claimed) return true;
  let origin: string;
  try {
    origin = new URL(claimed).origin;
  } catch {
    return false;
  }
  return allowed.some((a) => {
    try {
      return new URL(a).origin === origin;
    } catch {
      return false;
    }
  });
}

/** Five questions per ten minutes, per link and per customer address. */
const QUESTION_LIMIT = 5;
const QUESTION_WINDOW_MS = 10 * 60_000;
const QUESTION_RETRY_AFTER_SECONDS = 600;

export interface QuestionPost {
  /** The post's Origin and Referer headers, and the origins a same-site post may carry. */
  origin: string | undefined;
  referer: string | undefined;
  allowedOrigins: string[];
  /** The question, and the honeypot field only a bot fills. */
  text: unknown;
  website: unknown;
}

/**
 * A question posted on a customer's status page. The signed link is the
 * authority (no session): the question lands only in that customer's
 * conversation. A cross-site post is refused like an invalid link; the limit
 * counts every attempt, per link and per customer (by contact, so no address is
 * kept for it). A bot that fills the honeypot is told all went well (`ignored`)
 * and nothing is filed.
 */
export async function askQuestion(db: Db, link: StatusLink, post: QuestionPost): Promise<'filed' | 'ignored'> {
  const { locale } = link.page;
  const target = await questionTarget(db, link.deliveryId);
  if (!target) throw portalRefusal('forbidden', 'invalid', locale);
  if (!sameOrigin({ origin: post.origin, referer: post.referer }, post.allowedOrigins)) throw portalRefusal('forbidden', 'invalid', locale);
  if (!(await takeAttempt(db, [`link:${target.deliveryId}`, `contact:${target.contactId}`], QUESTION_LIMIT, QUESTION_WINDOW_MS))) {
    throw portalRefusal('rate_limited', 'tooMany', locale, QUESTION_RETRY_AFTER_SECONDS);
  }
  if (typeof post.website === 'string' && post.website.trim() !== '') return 'ignored';
  const q = checkQuestion(post.text);
  if (!q.ok) throw portalRefusal('validation_failed', q.problem, locale);
  await fileQuestion(db, target, q.text);
  return 'filed';
}
