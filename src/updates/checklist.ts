import { SUPPORTED_LOCALES, type Locale } from '../config.ts';
import type { DbOrTx } from '../db/connection.ts';
import { AppError } from '../errors.ts';
import { hasVariant } from '../languages.ts';
import { completeLocales, LOCALE_NAMES, type UpdateContent, type UpdateWithRelations } from './model.ts';

export interface MissingElement {
  element: 'segments' | 'contact_point' | 'acknowledgement' | 'next_update' | 'content';
  message: string;
}

/**
 * Rule 1: an update carries a named person, an acknowledgement and the date of
 * the next update (or says it is the last one), and it must have an audience
 * and words to send. `sendAt` is when it would go out.
 */
export async function missingElements(db: DbOrTx, u: UpdateWithRelations, sendAt: Date = new Date()): Promise<MissingElement[]> {
  const missing: MissingElement[] = [];
  if (u.segmentIds.length === 0) missing.push({ element: 'segments', message: 'choose at least one segment to send to' });
  else {
    const live = await db.selectFrom('segments').select('id').where('id', 'in', u.segmentIds).where('archived_at', 'is', null).execute();
    if (live.length !== u.segmentIds.length) missing.push({ element: 'segments', message: 'a chosen segment was archived; choose the segments again' });
  }
  if (!u.contact_point_id) missing.push({ element: 'contact_point', message: 'name a contact person customers can reach' });
  else {
    const cp = await db.selectFrom('contact_points').select(['archived_at']).where('id', '=', u.contact_point_id).executeTakeFirst();
    if (!cp || cp.archived_at) missing.push({ element: 'contact_point', message: 'the chosen contact person was archived; choose another' });
  }
  const ack = acknowledgementGap(u);
  if (ack) missing.push({ element: 'acknowledgement', message: ack });
  if (!u.final) {
    if (!u.next_update_at) missing.push({ element: 'next_update', message: 'promise the date of the next update, or mark this update as final' });
    else if (u.next_update_at.getTime() <= sendAt.getTime()) {
      missing.push({ element: 'next_update', message: `the next-update date ${u.next_update_at.toISOString()} is not after the send time ${sendAt.toISOString()}` });
    }
  }
  const content = (u.content ?? {}) as UpdateContent;
  const main = content[u.default_locale as Locale];
  if (!main || !main.subject.trim() || !main.body.trim()) {
    missing.push({ element: 'content', message: `write a subject and a body in the default language (${u.default_locale})` });
  }
  for (const [locale, c] of Object.entries(content)) {
    if (c && (!c.subject.trim() !== !c.body.trim())) missing.push({ element: 'content', message: `the ${locale} version needs both a subject and a body` });
  }
  return missing;
}

/**
 * What the acknowledgement still needs: its kind, and a text for every
 * language with words (its own, or the general one it falls back to).
 */
function acknowledgementGap(u: UpdateWithRelations): string | undefined {
  const content = (u.content ?? {}) as UpdateContent;
  const general = u.ack_text.trim() !== '';
  const anyOwn = Object.values(content).some((c) => c?.acknowledgement?.trim());
  if (!u.ack_kind) return general || anyOwn ? 'say whether the acknowledgement is an apology, a thanks, or both' : 'write an apology, a thanks, or both';
  if (general) return undefined;
  const complete = completeLocales(content);
  if (complete.length === 0) return anyOwn ? undefined : 'write an apology, a thanks, or both';
  const lacking = complete.filter((l) => !content[l]?.acknowledgement?.trim());
  if (lacking.length === 0) return undefined;
  return `write the general acknowledgement text: the ${languageList(lacking)} ${lacking.length === 1 ? 'version has' : 'versions have'} no acknowledgement of ${lacking.length === 1 ? 'its' : 'their'} own`;
}

const languageList = (locales: readonly Locale[]) => locales.map((l) => LOCALE_NAMES[l]).join(', ').replace(/, ([^,]*)$/, ' and $1');

/** A part of the update some customers will read in the default language rather than their own. */
export interface LanguageWarning {
  locale: Locale;
  element: 'acknowledgement' | 'situation_title' | 'contact_role';
  message: string;
}

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
  const inDefault = `in ${LOCALE_NAMES[main]} (the default language)`;
  const warnings: LanguageWarning[] = [];
  for (const l of others) {
    const reading = `Customers reading ${LOCALE_NAMES[l]} will see`;
    if (!content[l]?.acknowledgement?.trim() && u.ack_text.trim()) {
      warnings.push({ locale: l, element: 'acknowledgement', message: `${reading} the acknowledgement ${inDefault}: write one in the ${LOCALE_NAMES[l]} section.` });
    }
    if (!hasVariant(situation.titles, l)) {
      warnings.push({ locale: l, element: 'situation_title', message: `${reading} the situation title ${inDefault}, “${situation.title}”: add a ${LOCALE_NAMES[l]} title on the situation page.` });
    }
    if (cp && !hasVariant(cp.roles, l)) {
      warnings.push({ locale: l, element: 'contact_role', message: `${reading} the contact person’s role ${inDefault}, “${cp.role}”: add a ${LOCALE_NAMES[l]} role on the contact point’s page.` });
    }
  }
  // An acknowledgement written for a language that has no subject and body reaches nobody.
  for (const l of SUPPORTED_LOCALES) {
    const c = content[l];
    if (c?.acknowledgement?.trim() && !c.subject.trim() && !c.body.trim()) {
      warnings.push({ locale: l, element: 'acknowledgement', message: `The ${LOCALE_NAMES[l]} acknowledgement is not sent: ${LOCALE_NAMES[l]} has no subject and body, so its customers read the ${LOCALE_NAMES[main]} version.` });
    }
  }
  return warnings;
}

/** Refuses a step of the workflow while the checklist is incomplete, naming every missing element. */
export function refuseMissing(missing: readonly MissingElement[], what: string): void {
  if (missing.length) {
    throw new AppError('validation_failed', `this update cannot be ${what} yet: ${missing.map((m) => m.message).join('; ')}`, missing);
  }
}
