import { recordAudit, type Actor } from '../audit/log.ts';
import { verifyLink } from '../links.ts';
import { stamped, type Stamp } from '../clock.ts';
import type { Db, DbOrTx } from '../db/connection.ts';
import { AppError, type ErrorCode } from '../errors.ts';
import { type Locale, localeOr } from '../../i18n/locales.ts';
import { translator } from '../../i18n/translate.ts';
import { inLanguage } from '../languages.ts';

/** Whom an unsubscribe link speaks for, read from its delivery. */
export interface UnsubscribeTarget {
  deliveryId: number;
  contactId: number;
  situationId: number;
  situationTitle: string;
  organisation: string | undefined;
  locale: Locale;
  unsubscribedAll: boolean;
  unsubscribedSituation: boolean;
}

/** What an unsubscribe refusal carries for its page. */
export interface UnsubscribeRefusal {
  kind: 'invalid' | 'expired';
  /** Why, for the log: the link check's reason or `unknown_delivery`. */
  reason: string;
  /** The customer's language when the link is genuine but expired, else undefined. */
  locale: Locale | undefined;
}

function refusal(code: ErrorCode, refusal: UnsubscribeRefusal): AppError {
  const key = refusal.kind === 'expired' ? 'unsubscribe.expiredText' : 'unsubscribe.invalidText';
  return new AppError(code, translator('en').t(key), refusal, undefined, { key });
}

/**
 * The delivery's customer and situation; 'erased' when the customer was erased
 * (GDPR art. 17): the pseudonym keeps the delivery, but nobody may act for it.
 */
async function loadTarget(db: DbOrTx, deliveryId: number): Promise<UnsubscribeTarget | 'erased' | undefined> {
  const row = await db
    .selectFrom('deliveries as d')
    .innerJoin('updates as u', 'u.id', 'd.update_id')
    .innerJoin('situations as s', 's.id', 'u.situation_id')
    .innerJoin('contacts as c', 'c.id', 'd.contact_id')
    .leftJoin('situation_unsubscribes as su', (j) => j.onRef('su.situation_id', '=', 'u.situation_id').onRef('su.contact_id', '=', 'd.contact_id'))
    .select(['d.id as deliveryId', 'd.contact_id as contactId', 'd.locale as deliveryLocale', 'u.situation_id as situationId', 'u.release_snapshot as snapshot', 's.title as situationTitle', 's.titles as situationTitles', 'c.locale as contactLocale', 'c.unsubscribed_at as unsubscribedAt', 'c.erased_at as erasedAt', 'su.contact_id as situationUnsubscribed'])
    .where('d.id', '=', deliveryId)
    .executeTakeFirst();
  if (!row) return undefined;
  if (row.erasedAt !== null) return 'erased';
  const snapshot = row.snapshot as { organisation?: unknown } | null;
  // The customer's own language; the delivery's (possibly a fallback) if theirs is unknown.
  const locale = localeOr(row.contactLocale, localeOr(row.deliveryLocale));
  return {
    deliveryId: Number(row.deliveryId),
    contactId: Number(row.contactId),
    situationId: Number(row.situationId),
    situationTitle: inLanguage(row.situationTitle, row.situationTitles, locale),
    organisation: typeof snapshot?.organisation === 'string' ? snapshot.organisation : undefined,
    locale,
    unsubscribedAll: row.unsubscribedAt !== null,
    unsubscribedSituation: row.situationUnsubscribed !== null,
  };
}

/**
 * Checks a token from an unsubscribe URL and finds the customer and situation
 * it stands for. Refused (details: an `UnsubscribeRefusal`): a malformed token
 * with `validation_failed` (400), a forged, wrong-purpose or expired one, or one
 * of an erased customer, with `forbidden` (403), one for a delivery we no longer
 * have with `not_found` (404).
 */
export async function openUnsubscribeLink(db: Db, secret: string, token: string, now = new Date()): Promise<UnsubscribeTarget> {
  const check = verifyLink(secret, token, 'unsubscribe', now);
  if (!check.ok) {
    if (check.reason === 'expired') {
      // The signature holds (it is checked before expiry), so the link is ours:
      // read it without the clock only to answer in the customer's language.
      const genuine = verifyLink(secret, token, 'unsubscribe', new Date(0));
      const target = genuine.ok ? await loadTarget(db, genuine.link.id) : undefined;
      throw refusal('forbidden', { kind: 'expired', reason: 'expired', locale: typeof target === 'object' ? target.locale : undefined });
    }
    throw refusal(check.reason === 'malformed' ? 'validation_failed' : 'forbidden', { kind: 'invalid', reason: check.reason, locale: undefined });
  }
  const target = await loadTarget(db, check.link.id);
  if (!target) throw refusal('not_found', { kind: 'invalid', reason: 'unknown_delivery', locale: undefined });
  // Like the status link: an invalid link, in no language of theirs, so it tells nothing about whose it was.
  if (target === 'erased') throw refusal('forbidden', { kind: 'invalid', reason: 'erased', locale: undefined });
  return target;
}

/** What a POST to an unsubscribe link asks for, from whatever body it carries. */
export interface UnsubscribeChoice {
  scope: 'situation' | 'all';
  source: 'one-click' | 'page';
}

/**
 * Any POST to a valid link is the RFC 8058 one-click request (stop this
 * situation), whatever else its body holds; the page's second button adds
 * `scope=all`.
 */
function unsubscribeChoice(body: Record<string, unknown>): UnsubscribeChoice {
  const scope = body['scope'] === 'all' ? 'all' : 'situation';
  return { scope, source: scope === 'all' || body['source'] === 'page' ? 'page' : 'one-click' };
}

export interface UnsubscribeResult {
  /** What changed in this call (false when it had already been done). */
  situationAdded: boolean;
  allSet: boolean;
}

/**
 * Records the customer's choice in one transaction with its audit entries.
 * Idempotent: a repeated request changes nothing and writes no second entry.
 * "Stop all" also stops this situation, so the per-matter choice survives
 * should the global one ever be lifted.
 */
export async function unsubscribe(db: Db, target: UnsubscribeTarget, input: UnsubscribeChoice, options: Stamp = {}): Promise<UnsubscribeResult> {
  const actor: Actor = { kind: 'customer', userId: null, label: `customer ${target.contactId}` };
  const details = { situationId: target.situationId, deliveryId: target.deliveryId, source: input.source };
  return db.transaction().execute(async (tx) => {
    const added = await tx
      .insertInto('situation_unsubscribes')
      .values({ situation_id: target.situationId, contact_id: target.contactId, delivery_id: target.deliveryId, source: input.source, ...stamped(options.now, 'created_at') })
      .onConflict((oc) => oc.columns(['situation_id', 'contact_id']).doNothing())
      .returning('contact_id')
      .executeTakeFirst();
    if (added) await recordAudit(tx, actor, { action: 'unsubscribe.situation', subjectType: 'contact', subjectId: target.contactId, details, at: options.now });

    let allSet = false;
    if (input.scope === 'all') {
      const now = options.now ?? new Date();
      const updated = await tx
        .updateTable('contacts')
        .set({ unsubscribed_at: now, updated_at: now })
        .where('id', '=', target.contactId)
        .where('unsubscribed_at', 'is', null)
        .returning('id')
        .executeTakeFirst();
      if (updated) {
        allSet = true;
        await recordAudit(tx, actor, { action: 'unsubscribe.all', subjectType: 'contact', subjectId: target.contactId, details, at: options.now });
      }
    }
    return { situationAdded: added !== undefined, allSet };
  });
}

/** A POST to an unsubscribe link: records the choice its body makes, and says where the customer stands now. */
export async function unsubscribeByLink(db: Db, target: UnsubscribeTarget, body: Record<string, unknown>, options: Stamp = {}): Promise<{ choice: UnsubscribeChoice; changed: UnsubscribeResult; target: UnsubscribeTarget }> {
  const choice = unsubscribeChoice(body);
  const changed = await unsubscribe(db, target, choice, options);
  return { choice, changed, target: { ...target, unsubscribedSituation: true, unsubscribedAll: target.unsubscribedAll || choice.scope === 'all' } };
}

/** What a contact stopped receiving, for their record: everything (since when), and each situation they left. */
export interface Unsubscribes {
  all: Date | null;
  situations: { situationId: number; title: string; at: Date; source: 'one-click' | 'page' }[];
}

export async function unsubscribesOf(db: Db, contactId: number): Promise<Unsubscribes> {
  const contact = await db.selectFrom('contacts').select('unsubscribed_at').where('id', '=', contactId).executeTakeFirst();
  const rows = await db
    .selectFrom('situation_unsubscribes as su')
    .innerJoin('situations as s', 's.id', 'su.situation_id')
    .select(['su.situation_id', 's.title', 'su.created_at', 'su.source'])
    .where('su.contact_id', '=', contactId)
    .orderBy('su.created_at', 'desc')
    .execute();
  return {
    all: contact?.unsubscribed_at ?? null,
    situations: rows.map((r) => ({ situationId: Number(r.situation_id), title: r.title, at: r.created_at, source: r.source as 'one-click' | 'page' })),
  };
}
