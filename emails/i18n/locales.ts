/** Locales with built-in template text. Contacts may only carry one of these. */
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
