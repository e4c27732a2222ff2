import { verifyLink } from '../links.ts';
import type { Db } from '../db/connection.ts';
import { AppError, type ErrorCode } from '../errors.ts';
import type { ReleaseSnapshot } from '../db/types.ts';
import { markdownToPageHtml } from '../../emails/markdown.ts';
import { isLocale, type Locale, localeOr } from '../../i18n/locales.ts';
import { translator } from '../../i18n/translate.ts';
import { inLanguage } from '../languages.ts';
import type { UpdateContent } from '../updates/compose.ts';

// Statuses that mean the email left us; an excluded or failed delivery was never received.
const RECEIVED = ['sent', 'delivered', 'delivery_delayed', 'bounced', 'complained', 'suppressed'] as const;

/** The level of an update's heading on the page: the body's own headings start below it. */
export const UPDATE_HEADING_LEVEL = 3;

/** One update as the customer received it. */
export interface ReceivedUpdate {
  /** The number the customer saw in the subject ("Update 2: …"). */
  number: number;
  sentAt: Date | null;
  /** The language of the content they were sent: their own, or the update's default when it had no version in theirs. */
  locale: Locale;
  subject: string;
  /** The body rendered from Markdown by the email's renderer, for the page (no inline styles). */
  bodyHtml: string;
  final: boolean;
  promisedAt: Date | null;
}

export interface StatusPageData {
  /** The customer's own language: the whole page is in it, whatever language each update came in. */
  locale: Locale;
  timeZone: string;
  organisation: string;
  situation: { title: string; summary: string; resolved: boolean };
  /** Newest first. */
  updates: ReceivedUpdate[];
  contact: ReleaseSnapshot['contactPoint'] | undefined;
  /** Whether the customer stopped our emails: about this situation, or all of them (then no next update is promised). */
  unsubscribed: 'situation' | 'all' | null;
}

/** The customer-facing texts a portal refusal is explained by (keys of the `portal` namespace). */
export type PortalRefusalText = 'invalid' | 'expired' | 'tooMany' | 'askEmpty' | 'askTooLong';

/**
 * What a portal refusal carries for its page: the text that explains it and,
 * once the link is known to be the customer's, their language.
 */
export interface PortalRefusal {
  text: PortalRefusalText;
  locale: Locale | undefined;
}

/** A refusal of the status page: English for the API and the log, the customer's language on the page. */
export function portalRefusal(code: ErrorCode, text: PortalRefusalText, locale?: Locale, retryAfterSeconds?: number): AppError {
  const details: PortalRefusal = { text, locale };
  const key = `portal.${text}` as const;
  return new AppError(code, translator('en').t(key), details, retryAfterSeconds, { key });
}

/**
 * What one customer may see about the situation of one delivery: their own
 * updates only, newest first, each in the language they received it in, for a
 * page in the customer's own language (their contact locale, not the language
 * of the email the link came from). Undefined, refused like an invalid link,
 * when the delivery is unknown or its customer was erased (GDPR art. 17).
 */
export async function loadStatusPage(db: Db, deliveryId: number): Promise<StatusPageData | undefined> {
  const d = await db
    .selectFrom('deliveries as d')
    .innerJoin('contacts as c', 'c.id', 'd.contact_id')
    .innerJoin('updates as u', 'u.id', 'd.update_id')
    .leftJoin('situation_unsubscribes as su', (j) => j.onRef('su.situation_id', '=', 'u.situation_id').onRef('su.contact_id', '=', 'd.contact_id'))
    .select(['d.contact_id', 'd.locale as delivery_locale', 'u.situation_id', 'c.locale', 'c.timezone', 'c.unsubscribed_at', 'su.contact_id as situation_unsubscribed'])
    .where('d.id', '=', deliveryId)
    .where('c.erased_at', 'is', null)
    .executeTakeFirst();
  if (!d) return undefined;
  const situation = await db.selectFrom('situations').select(['title', 'titles', 'summary', 'status']).where('id', '=', d.situation_id).executeTakeFirstOrThrow();
  const rows = await db
    .selectFrom('deliveries as d')
    .innerJoin('updates as u', 'u.id', 'd.update_id')
    .select(['u.number', 'u.content', 'u.default_locale', 'u.final', 'u.release_snapshot', 'd.sent_at', 'd.locale', 'd.promised_at'])
    .where('d.contact_id', '=', d.contact_id)
    .where('u.situation_id', '=', d.situation_id)
    .where('d.status', 'in', [...RECEIVED])
    .orderBy('u.number', 'desc')
    .execute();
  // The contact's language; the delivery's (the language of their email) only if theirs is not one we have.
  const locale = localeOr(d.locale, localeOr(d.delivery_locale));
  const newest = rows[0]?.release_snapshot as ReleaseSnapshot | undefined;
  return {
    locale,
    timeZone: d.timezone,
    organisation: newest?.organisation ?? 'tidings',
    // The title and the contact person's role in the page's language where they have one.
    situation: { title: inLanguage(situation.title, situation.titles, locale), summary: situation.summary, resolved: situation.status === 'resolved' },
    updates: rows.map((r) => {
      const content = r.content as UpdateContent;
      const variant: Locale = isLocale(r.locale) && content[r.locale] ? r.locale : (r.default_locale as Locale);
      const c = content[variant] ?? { subject: '', body: '' };
      const snapshot = r.release_snapshot as ReleaseSnapshot | null;
      return {
        number: snapshot?.updateNumber ?? r.number ?? 0,
        sentAt: r.sent_at,
        locale: variant,
        subject: c.subject,
        bodyHtml: markdownToPageHtml(c.body, variant, UPDATE_HEADING_LEVEL + 1),
        final: r.final,
        promisedAt: r.promised_at,
      };
    }),
    contact: newest ? { ...newest.contactPoint, role: inLanguage(newest.contactPoint.role, newest.contactPoint.roles, locale) } : undefined,
    unsubscribed: d.unsubscribed_at ? 'all' : d.situation_unsubscribed !== null ? 'situation' : null,
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
