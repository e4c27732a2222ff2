import type { ArgValue, MessageKey, PlainKey } from '../../i18n/catalogue.ts';
import { t, tr } from '../../i18n/current.ts';
import { isLocale, type Locale } from '../../i18n/locales.ts';
import { translator, type Translator } from '../../i18n/translate.ts';
import { AppError, type ErrorCode } from '../errors.ts';

const LANGUAGE_KEYS = {
  en: 'updates.languageEn',
  nb: 'updates.languageNb',
  sv: 'updates.languageSv',
  nl: 'updates.languageNl',
  hu: 'updates.languageHu',
} as const satisfies Record<Locale, PlainKey>;

/** A language of an update's content as `reader`'s language names it ("Norwegian Bokmål", "norsk bokmål"). */
export function languageNameIn(reader: Translator, locale: string): string {
  return isLocale(locale) ? reader.t(LANGUAGE_KEYS[locale]) : locale;
}

/** A language of an update's content as the reader's language names it ("Norwegian Bokmål", "norsk bokmål"). */
export function languageName(locale: string): string {
  return isLocale(locale) ? t(LANGUAGE_KEYS[locale]) : locale;
}

/** The same name standing alone (a tab, an option): with a capital, as labels are written ("Norsk bokmål"). */
export function languageLabel(locale: string): string {
  const name = languageName(locale);
  return name.charAt(0).toLocaleUpperCase(tr().intlLocale) + name.slice(1);
}

/**
 * Catalogue text some of whose arguments are languages ("Customers reading
 * Swedish…"): the languages are kept as codes and named in whichever language
 * the text is read in, so the API says it in English and a page in its
 * reader's language, from the same record.
 */
export interface TextNamingLanguages {
  key: MessageKey;
  values?: Record<string, ArgValue>;
  /** Arguments that name languages; several are listed the language's way ("English, Swedish and Dutch"). */
  languages?: Record<string, readonly Locale[]>;
}

function argumentsIn(reader: Translator, text: TextNamingLanguages): Record<string, ArgValue> {
  const names = Object.entries(text.languages ?? {}).map(([arg, locales]) => [arg, reader.list(locales.map((l) => languageNameIn(reader, l)))]);
  return { ...text.values, ...Object.fromEntries(names) };
}

/** The text as `reader` reads it. */
export function textIn(reader: Translator, text: TextNamingLanguages): string {
  return (reader.t as (key: string, values: Record<string, ArgValue>) => string)(text.key, argumentsIn(reader, text));
}

/** The text in the language of the request being served. */
export function readerText(text: TextNamingLanguages): string {
  return textIn(tr(), text);
}

/** The text as the API says it. */
export function englishText(text: TextNamingLanguages): string {
  return textIn(translator('en'), text);
}

/**
 * A refusal whose text names languages: English for the API, and on pages the
 * languages named in the reader's language (filled in now, in the language of
 * the request that is refused).
 */
export function refusalNamingLanguages(code: ErrorCode, text: TextNamingLanguages, details?: unknown): AppError {
  return new AppError(code, englishText(text), details, undefined, { key: text.key, values: argumentsIn(tr(), text) });
}
