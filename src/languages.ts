import { z } from 'zod';
import { SUPPORTED_LOCALES, type Locale } from './config.ts';
import { RULE_REFUSAL } from './errors.ts';

// The languages customers read, as every input takes them: one rule for a
// language code, one for a text written per language, one fallback.

/** A text in some of the supported languages, keyed by locale: {"nb": "…"}. */
export type LanguageVariants = Partial<Record<Locale, string>>;

import { isLocale } from '../i18n/locales.ts';

/** Why a language code is refused, for the message that names its field. */
export function unsupportedLanguage(value: unknown): string {
  return `"${String(value).slice(0, 40)}" is not a language tidings supports; use one of ${SUPPORTED_LOCALES.join(', ')}`;
}

/** A language code: one of the supported locales, else 400 `invalid_input` naming the field. */
export function supportedLocale() {
  return z
    .string({ error: `must be a language code, one of ${SUPPORTED_LOCALES.join(', ')}` })
    .refine(isLocale, { error: (issue) => unsupportedLanguage(issue.input), params: RULE_REFUSAL })
    .meta({ enum: [...SUPPORTED_LOCALES] });
}

/**
 * An object keyed by language, each value checked by `value`. A key that is no
 * supported language is refused with 400 `invalid_input` naming it
 * (`content.xx`), not dropped: a version nobody would receive is a mistake.
 */
export function byLanguage<T extends z.ZodType>(value: T) {
  return z
    .record(z.string(), value)
    .superRefine((record, ctx) => {
      for (const key of Object.keys(record)) {
        if (!isLocale(key)) ctx.addIssue({ code: 'custom', path: [key], message: unsupportedLanguage(key), params: RULE_REFUSAL });
      }
    })
    .meta({ propertyNames: { enum: [...SUPPORTED_LOCALES] } }) as unknown as z.ZodType<Partial<Record<Locale, z.output<T>>>, Record<string, z.input<T>>>;
}

/**
 * One line of text per language (a situation's title, a contact person's
 * role). A language left out reads the main text; one given must say something:
 * an empty one is refused (400 `invalid_input`), since leaving it out is how
 * to say "use the main text".
 */
export function lineVariants(max: number) {
  return byLanguage(
    z
      .string()
      .trim()
      .max(max)
      .refine((v) => !/[\r\n]/.test(v), 'must be on one line')
      .refine((v) => v !== '', { message: 'is empty; leave the language out to use the main text for it', params: RULE_REFUSAL }),
  );
}

/** The text for a reader of `locale`: its own variant, or the main text when it has none. */
export function inLanguage(main: string, variants: LanguageVariants | null | undefined, locale: Locale): string {
  const own = variants?.[locale]?.trim();
  return own ? own : main;
}

/** Whether `locale` has a variant of its own. */
export function hasVariant(variants: LanguageVariants | null | undefined, locale: Locale): boolean {
  return Boolean(variants?.[locale]?.trim());
}

/**
 * The variants a form holds in fields `${prefix}_${locale}`: an empty field is
 * a language left out (it reads the main text), never an empty variant.
 */
export function variantsFromForm(form: Record<string, unknown>, prefix: string): LanguageVariants {
  const out: LanguageVariants = {};
  for (const l of SUPPORTED_LOCALES) {
    const v = form[`${prefix}_${l}`];
    if (typeof v === 'string' && v.trim()) out[l] = v;
  }
  return out;
}

/** The acknowledgement readers of the `locale` version read: that version's own, or the update's general text. */
export function acknowledgementIn(content: Partial<Record<Locale, { acknowledgement?: string | undefined }>>, general: string, locale: Locale): string {
  const own = content[locale]?.acknowledgement?.trim();
  return own ? own : general;
}
