import { recordAudit, type Actor } from '../audit/log.ts';
import { SUPPORTED_LOCALES, type Config, type Locale } from '../config.ts';
import type { Db } from '../db/connection.ts';
import { AppError } from '../errors.ts';
import { EmailComposer, loadUpdateForSending, type UpdateForSending } from '../sending/compose-email.ts';
import { displayName, fromHeader } from '../sending/escape.ts';
import { translator } from '../../i18n/translate.ts';
import { t } from '../../i18n/current.ts';
import { formatPromiseDate } from '../../i18n/dates.ts';
import { personalise, type PersonalisedEmail } from '../sending/personalise.ts';
import type { MailTransport } from '../sending/transport.ts';
import { getSetting } from '../settings/queries.ts';
import { refusalNamingLanguages } from './language-names.ts';
import { completeLocales, loadUpdate, type UpdateContent } from './model.ts';

/** Time zone used to show the promised date in previews, per locale. */
const PREVIEW_TZ: Record<Locale, string> = { en: 'Europe/London', nb: 'Europe/Oslo', sv: 'Europe/Stockholm', nl: 'Europe/Amsterdam', hu: 'Europe/Budapest' };

/**
 * What the composer holds but has not saved: previewed as it is typed, never
 * stored. Only what shows in the email; the rest stays as saved.
 */
export interface UnsavedDraft {
  content: UpdateContent;
  defaultLocale: Locale;
  ackKind: 'apology' | 'thanks' | 'both' | null;
  ackText: string;
  final: boolean;
  contactPointId: number | null;
  nextUpdateAt: Date | null;
}

/**
 * An unreleased update as it would be sent now: the current contact person and
 * titles, and the number it would get. Used for the live preview and test sends.
 * With `unsaved`, the composer's values stand in for the saved ones.
 */
export async function draftForSending(db: Db, updateId: number, unsaved?: UnsavedDraft): Promise<UpdateForSending> {
  const u = await loadUpdate(db, updateId);
  if (u.release_snapshot && u.released_at) {
    if (unsaved) throw AppError.localized('conflict', 'composer.refuseReleased', { id: String(updateId) });
    return loadUpdateForSending(db, updateId);
  }
  const situation = await db.selectFrom('situations').select(['title', 'titles']).where('id', '=', u.situation_id).executeTakeFirstOrThrow();
  const last = await db.selectFrom('updates').select((eb) => eb.fn.max('number').as('n')).where('situation_id', '=', u.situation_id).executeTakeFirst();
  const cpId = unsaved ? unsaved.contactPointId : u.contact_point_id;
  const cp = cpId ? await db.selectFrom('contact_points').select(['id', 'name', 'role', 'roles', 'email', 'phone']).where('id', '=', cpId).executeTakeFirst() : undefined;
  return {
    id: u.id,
    situationId: u.situation_id,
    releasedAt: new Date(),
    final: unsaved ? unsaved.final : u.final,
    defaultLocale: unsaved ? unsaved.defaultLocale : (u.default_locale as Locale),
    content: unsaved ? unsaved.content : (u.content as UpdateContent),
    ackKind: (unsaved ? unsaved.ackKind : u.ack_kind) ?? 'apology',
    ackText: unsaved ? unsaved.ackText : u.ack_text,
    snapshot: {
      organisation: await getSetting(db, 'organisation_name'),
      situationTitle: situation.title,
      situationTitles: situation.titles,
      updateNumber: (last?.n ?? 0) + 1,
      contactPoint: cp ?? { id: 0, name: t('composer.noContactPersonYet'), role: '', email: 'nobody@invalid', phone: '' },
    },
  };
}

export function previewLocales(update: UpdateForSending): Locale[] {
  return SUPPORTED_LOCALES.filter((l) => update.content[l]?.subject || update.content[l]?.body);
}

/**
 * What a customer in `locale` would receive, with sample personal values; with
 * `unsaved`, for what the composer holds right now (nothing is written).
 */
export async function previewUpdate(db: Db, config: Pick<Config, 'secret' | 'publicUrl' | 'from'>, updateId: number, wanted: Locale | undefined, recipientName = 'Kari Nordmann', test = false, unsaved?: UnsavedDraft): Promise<PersonalisedEmail> {
  const update = await draftForSending(db, updateId, unsaved);
  const locale = wanted ?? update.defaultLocale;
  if (!update.content[locale] && !update.content[update.defaultLocale]) throw AppError.localized('validation_failed', 'composer.refuseNoContent', { locale });
  const composer = new EmailComposer(config);
  const variant = await composer.variant(update, locale, test);
  const promised = unsaved ? { next_update_at: unsaved.nextUpdateAt } : await db.selectFrom('updates').select('next_update_at').where('id', '=', updateId).executeTakeFirstOrThrow();
  return personalise(variant, {
    name: recipientName,
    statusUrl: `${config.publicUrl}/c/preview`,
    unsubscribeUrl: `${config.publicUrl}/unsubscribe/preview`,
    replyTo: update.snapshot.contactPoint.email,
    // A draft may not have its date yet; the preview says so where the date will be.
    promisedDate: promised.next_update_at ? formatPromiseDate(promised.next_update_at, locale, PREVIEW_TZ[locale]) : update.final ? '' : translator(locale).t('statusUpdate.dateNotSet'),
  });
}

/** Sends the update to the signed-in author only, marked as a test, outside the delivery record. */
export async function testSend(db: Db, config: Config, transport: MailTransport, actor: Actor, updateId: number, wanted: Locale | undefined): Promise<{ to: string; providerId: string }> {
  if (!actor.userId) throw AppError.localized('forbidden', 'composer.refuseTestSignIn');
  const user = await db.selectFrom('users').select(['email', 'name']).where('id', '=', actor.userId).executeTakeFirstOrThrow();
  const update = await draftForSending(db, updateId);
  const locale = wanted ?? update.defaultLocale;
  if (!completeLocales(update.content).includes(locale)) {
    throw refusalNamingLanguages('validation_failed', { key: 'composer.refuseTestIncomplete', languages: { language: [locale] } }, [{ field: 'locale', message: 'no complete version in this language' }]);
  }
  const msg = await previewUpdate(db, config, updateId, locale, user.name, true);
  const key = `test-${updateId}-${locale}-${Date.now()}`;
  const outcome = await transport.sendBatch(
    [
      {
        key,
        from: fromHeader(config.from, update.snapshot.organisation),
        to: user.email,
        replyTo: `${displayName(update.snapshot.contactPoint.name)} <${update.snapshot.contactPoint.email}>`,
        subject: msg.subject,
        html: msg.html,
        text: msg.text,
        headers: { 'X-Tidings-Test': 'true' },
        tags: [{ name: 'test', value: 'true' }, { name: 'update_id', value: String(updateId) }],
        test: true,
      },
    ],
    key,
  );
  if (outcome.kind !== 'accepted' || !outcome.results[0]?.ok) {
    throw AppError.localized('provider_failed', 'composer.refuseTestNotAccepted', { reason: String((outcome.kind === 'accepted' ? (outcome.results[0] as { reason?: string })?.reason : outcome.message) ?? '') });
  }
  await db.transaction().execute((tx) => recordAudit(tx, actor, { action: 'update.test_send', subjectType: 'update', subjectId: updateId, details: { to: user.email, locale } }));
  return { to: user.email, providerId: outcome.results[0].providerId };
}
