import { verifyLink } from '../links.ts';
import type { Locale } from '../config.ts';
import type { Db } from '../db/connection.ts';
import { AppError, type ErrorCode } from '../errors.ts';
import type { ReleaseSnapshot } from '../db/types.ts';
import { markdownToText } from '../../emails/markdown.ts';
import { inLanguage } from '../languages.ts';
import { isLocale } from '../unsubscribe/text.ts';
import type { UpdateContent } from '../updates/compose.ts';
import { portalText } from './text.ts';

// Statuses that mean the email left us; an excluded or failed delivery was never received.
const RECEIVED = ['sent', 'delivered', 'delivery_delayed', 'bounced', 'complained', 'suppressed'] as const;

export interface StatusPageData {
  locale: Locale;
  timeZone: string;
  organisation: string;
  situation: { title: string; summary: string; resolved: boolean };
  updates: { number: number; sentAt: Date | null; subject: string; body: string; final: boolean; promisedAt: Date | null }[];
  contact: ReleaseSnapshot['contactPoint'] | undefined;
}

/** The customer-facing texts a portal refusal is explained by. */
export type PortalRefusalText = 'invalid' | 'expired' | 'tooMany' | 'askEmpty' | 'askTooLong';

/**
 * What a portal refusal carries for its page: the text that explains it and,
 * once the link is known to be the customer's, their language.
 */
export interface PortalRefusal {
  text: PortalRefusalText;
  locale: Locale | undefined;
}

/** A refusal of the status page, with its English text as the message. */
export function portalRefusal(code: ErrorCode, text: PortalRefusalText, locale?: Locale, retryAfterSeconds?: number): AppError {
  const details: PortalRefusal = { text, locale };
  return new AppError(code, portalText('en', text), details, retryAfterSeconds);
}

/**
 * What one customer may see about the situation of one delivery: their own
 * updates only. Undefined, refused like an invalid link, when the delivery is
 * unknown or its customer was erased (GDPR art. 17).
 */
export async function loadStatusPage(db: Db, deliveryId: number): Promise<StatusPageData | undefined> {
  const d = await db
    .selectFrom('deliveries as d')
    .innerJoin('contacts as c', 'c.id', 'd.contact_id')
    .select(['d.contact_id', 'd.update_id', 'd.locale', 'd.timezone'])
    .where('d.id', '=', deliveryId)
    .where('c.erased_at', 'is', null)
    .executeTakeFirst();
  if (!d) return undefined;
  const u = await db.selectFrom('updates').select(['situation_id']).where('id', '=', d.update_id).executeTakeFirstOrThrow();
  const situation = await db.selectFrom('situations').select(['title', 'titles', 'summary', 'status']).where('id', '=', u.situation_id).executeTakeFirstOrThrow();
  const rows = await db
    .selectFrom('deliveries as d')
    .innerJoin('updates as u', 'u.id', 'd.update_id')
    .select(['u.number', 'u.content', 'u.default_locale', 'u.final', 'u.release_snapshot', 'd.sent_at', 'd.locale', 'd.promised_at'])
    .where('d.contact_id', '=', d.contact_id)
    .where('u.situation_id', '=', u.situation_id)
    .where('d.status', 'in', [...RECEIVED])
    .orderBy('u.number')
    .execute();
  const locale = (isLocale(d.locale) ? d.locale : 'en') as Locale;
  const last = rows[rows.length - 1];
  const snapshot = last?.release_snapshot as ReleaseSnapshot | undefined;
  return {
    locale,
    timeZone: d.timezone,
    organisation: snapshot?.organisation ?? 'tidings',
    situation: { title: inLanguage(situation.title, situation.titles, locale), summary: situation.summary, resolved: situation.status === 'resolved' },
    updates: rows.map((r) => {
      const content = r.content as UpdateContent;
      const c = content[r.locale as Locale] ?? content[r.default_locale as Locale] ?? { subject: '', body: '' };
      return { number: r.number ?? 0, sentAt: r.sent_at, subject: c.subject, body: markdownToText(c.body, locale), final: r.final, promisedAt: r.promised_at };
    }),
    contact: snapshot ? { ...snapshot.contactPoint, role: inLanguage(snapshot.contactPoint.role, snapshot.contactPoint.roles, locale) } : undefined,
  };
}

export interface StatusLink {
  deliveryId: number;
  page: StatusPageData;
}

/**
 * Checks a signed status link and loads what it shows. A forged, altered,
 * wrong-purpose or unknown link is refused as invalid, an old one as expired
 * (403 both), without saying whose it was.
 */
export async function openStatusLink(db: Db, secret: string, token: string): Promise<StatusLink> {
  const check = verifyLink(secret, token, 'status');
  if (!check.ok) throw portalRefusal('forbidden', check.reason === 'expired' ? 'expired' : 'invalid');
  const page = await loadStatusPage(db, check.link.id);
  if (!page) throw portalRefusal('forbidden', 'invalid');
  return { page, deliveryId: check.link.id };
}
