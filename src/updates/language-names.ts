import type { PlainKey } from '../../i18n/catalogue.ts';
import { t, tr } from '../../i18n/current.ts';
import { isLocale, type Locale } from '../../i18n/locales.ts';

const LANGUAGE_KEYS = {
  en: 'updates.languageEn',
  nb: 'updates.languageNb',
  sv: 'updates.languageSv',
  nl: 'updates.languageNl',
  hu: 'updates.languageHu',
} as const satisfies Record<Locale, PlainKey>;

/** A language of an update's content as the reader's language names it ("Norwegian Bokmål", "norsk bokmål"). */
export function languageName(locale: string): string {
  return isLocale(locale) ? t(LANGUAGE_KEYS[locale]) : locale;
}

/** The same name standing alone (a tab, an option): with a capital, as labels are written ("Norsk bokmål"). */
export function languageLabel(locale: string): string {
  const name = languageName(locale);
  return name.charAt(0).toLocaleUpperCase(tr().intlLocale) + name.slice(1);
}
