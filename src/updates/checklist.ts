import { SUPPORTED_LOCALES, type Locale } from '../config.ts';
import type { DbOrTx } from '../db/connection.ts';
import { AppError } from '../errors.ts';
import { hasVariant } from '../languages.ts';
import { englishText, readerText, type TextNamingLanguages } from './language-names.ts';
import { completeLocales, type UpdateContent, type UpdateWithRelations } from './model.ts';

export interface MissingElement {
  element: 'segments' | 'contact_point' | 'acknowledgement' | 'next_update' | 'content';
  /** In English, as the API says it. */
  message: string;
  /** The same as catalogue text, for pages in their reader's language. */
  text: TextNamingLanguages;
}

const missingItem = (element: MissingElement['element'], text: TextNamingLanguages): MissingElement => ({ element, message: englishText(text), text });

/**
 * Rule 1: an update carries a named person, an acknowledgement and the date of
 * the next update (or says it is the last one), and it must have an audience
 * and words to send. `sendAt` is when it would go out.
 */
export async function missingElements(db: DbOrTx, u: UpdateWithRelations, sendAt: Date = new Date()): Promise<MissingElement[]> {
  const missing: MissingElement[] = [];
  if (u.segmentIds.length === 0) missing.push(missingItem('segments', { key: 'composer.missingSegments' }));
  else {
    const live = await db.selectFrom('segments').select('id').where('id', 'in', u.segmentIds).where('archived_at', 'is', null).execute();
    if (live.length !== u.segmentIds.length) missing.push(missingItem('segments', { key: 'composer.missingSegmentArchived' }));
  }
  if (!u.contact_point_id) missing.push(missingItem('contact_point', { key: 'composer.missingContactPoint' }));
  else {
    const cp = await db.selectFrom('contact_points').select(['archived_at']).where('id', '=', u.contact_point_id).executeTakeFirst();
    if (!cp || cp.archived_at) missing.push(missingItem('contact_point', { key: 'composer.missingContactPointArchived' }));
  }
  const ack = acknowledgementGap(u);
  if (ack) missing.push(missingItem('acknowledgement', ack));
  if (!u.final) {
    if (!u.next_update_at) missing.push(missingItem('next_update', { key: 'composer.missingNextUpdate' }));
    else if (u.next_update_at.getTime() <= sendAt.getTime()) {
      missing.push(missingItem('next_update', { key: 'composer.missingNextUpdateNotAfter', values: { date: u.next_update_at.toISOString(), sendAt: sendAt.toISOString() } }));
    }
  }
  const content = (u.content ?? {}) as UpdateContent;
  const main = content[u.default_locale as Locale];
  if (!main || !main.subject.trim() || !main.body.trim()) {
    missing.push(missingItem('content', { key: 'composer.missingContent', values: { locale: u.default_locale } }));
  }
  for (const [locale, c] of Object.entries(content)) {
    if (c && (!c.subject.trim() !== !c.body.trim())) missing.push(missingItem('content', { key: 'composer.missingSubjectOrBody', values: { locale } }));
  }
  return missing;
}

/**
 * What the acknowledgement still needs: its kind, and a text for every
 * language with words (its own, or the general one it falls back to).
 */
function acknowledgementGap(u: UpdateWithRelations): TextNamingLanguages | undefined {
  const content = (u.content ?? {}) as UpdateContent;
  const general = u.ack_text.trim() !== '';
  const anyOwn = Object.values(content).some((c) => c?.acknowledgement?.trim());
  if (!u.ack_kind) return { key: general || anyOwn ? 'composer.missingAckKind' : 'composer.missingAck' };
  if (general) return undefined;
  const complete = completeLocales(content);
  if (complete.length === 0) return anyOwn ? undefined : { key: 'composer.missingAck' };
  const lacking = complete.filter((l) => !content[l]?.acknowledgement?.trim());
  if (lacking.length === 0) return undefined;
  return { key: 'composer.missingAckGeneral', values: { count: lacking.length }, languages: { languages: lacking } };
}

/** A part of the update some customers will read in the default language rather than their own. */
export interface LanguageWarning {
  locale: Locale;
  element: 'acknowledgement' | 'situation_title' | 'contact_role';
  /** In English, as the API says it. */
  message: string;
  /** The same as catalogue text, for pages in their reader's language. */
  text: TextNamingLanguages;
}

const warning = (locale: Locale, element: LanguageWarning['element'], text: TextNamingLanguages): LanguageWarning => ({ locale, element, message: englishText(text), text });

/**
 * Per language the update is written in, besides its default: the
 * acknowledgement, the situation's title and the contact person's role that
 * language has no version of, so its customers read the default language's
 * (the main text is taken to be written in it). Warnings, not refusals: the
 * update may still be approved and sent.
 */
export async function languageWarnings(db: DbOrTx, u: UpdateWithRelations): Promise<LanguageWarning[]> {
  const content = (u.content ?? {}) as UpdateContent;
  const main = u.default_locale as Locale;
  const others = completeLocales(content).filter((l) => l !== main);
  const situation = await db.selectFrom('situations').select(['title', 'titles']).where('id', '=', u.situation_id).executeTakeFirstOrThrow();
  const cp = u.contact_point_id ? await db.selectFrom('contact_points').select(['role', 'roles']).where('id', '=', u.contact_point_id).executeTakeFirst() : undefined;
  const warnings: LanguageWarning[] = [];
  for (const l of others) {
    const languages = { language: [l], defaultLanguage: [main] };
    if (!content[l]?.acknowledgement?.trim() && u.ack_text.trim()) {
      warnings.push(warning(l, 'acknowledgement', { key: 'composer.warnAcknowledgement', languages }));
    }
    if (!hasVariant(situation.titles, l)) {
      warnings.push(warning(l, 'situation_title', { key: 'composer.warnSituationTitle', values: { title: situation.title }, languages }));
    }
    if (cp && !hasVariant(cp.roles, l)) {
      warnings.push(warning(l, 'contact_role', { key: 'composer.warnContactRole', values: { role: cp.role }, languages }));
    }
  }
  // An acknowledgement written for a language that has no subject and body reaches nobody.
  for (const l of SUPPORTED_LOCALES) {
    const c = content[l];
    if (c?.acknowledgement?.trim() && !c.subject.trim() && !c.body.trim()) {
      warnings.push(warning(l, 'acknowledgement', { key: 'composer.warnAcknowledgementUnsent', languages: { language: [l], defaultLanguage: [main] } }));
    }
  }
  return warnings;
}

/** A missing element as the API and the audit log record it: its element and English message. */
export function missingForApi(m: MissingElement): { element: MissingElement['element']; message: string } {
  return { element: m.element, message: m.message };
}

/** A language warning as the API shows it: its locale, element and English message. */
export function warningForApi(w: LanguageWarning): { locale: Locale; element: LanguageWarning['element']; message: string } {
  return { locale: w.locale, element: w.element, message: w.message };
}

/**
 * Refuses a step of the workflow while the checklist is incomplete, naming
 * every missing element: in English for the API, and on pages in the
 * language of the request refused.
 */
export function refuseMissing(missing: readonly MissingElement[], step: 'submitted' | 'approved' | 'sent'): void {
  if (missing.length) {
    const message = englishText({ key: 'composer.refuseMissing', values: { step, items: missing.map((m) => m.message).join('; ') } });
    const items = missing.map((m) => readerText(m.text)).join('; ');
    throw new AppError('validation_failed', message, missing.map(missingForApi), undefined, { key: 'composer.refuseMissing', values: { step, items } });
  }
}
