/** Locales with built-in text for customers and staff. Contacts and users may only carry one of these. */
export const SUPPORTED_LOCALES = ['en', 'nb', 'sv', 'nl', 'hu'] as const;
export type Locale = (typeof SUPPORTED_LOCALES)[number];

/** BCP 47 tags used for Intl formatting of each supported locale. */
export const INTL_LOCALE: Record<Locale, string> = {
  en: 'en-GB',
  nb: 'nb-NO',
  sv: 'sv-SE',
  nl: 'nl-NL',
  hu: 'hu-HU',
};

/** Each language named in itself, as a language switch lists them. */
export const LOCALE_ENDONYMS: Record<Locale, string> = {
  en: 'English',
  nb: 'Norsk bokmål',
  sv: 'Svenska',
  nl: 'Nederlands',
  hu: 'Magyar',
};

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (SUPPORTED_LOCALES as readonly string[]).includes(value);
}

/** A stored language code as a locale; one from before the languages were checked (or none) reads as English. */
export function localeOr(value: unknown, fallback: Locale = 'en'): Locale {
  return isLocale(value) ? value : fallback;
}

/**
 * The supported locale a browser asks for first (RFC 9110 Accept-Language, by
 * weight), or English. "no" and "nn" read Bokmål better than English.
 */
export function localeFromAcceptLanguage(header: string | undefined | null): Locale {
  if (!header) return 'en';
  const ranges = header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const weight = q ? Number(q.slice(2)) : 1;
      return { tag: tag.trim().toLowerCase(), weight: Number.isFinite(weight) ? weight : 0, index };
    })
    .filter((r) => r.tag && r.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index);
  for (const { tag } of ranges) {
    const primary = tag.split('-')[0] ?? '';
    if (isLocale(primary)) return primary;
    if (primary === 'no' || primary === 'nn') return 'nb';
  }
  return 'en';
}
