/* The promised next-update date in the words of each language: the emails say it, the status page repeats it. */
import { INTL_LOCALE, type Locale } from './locales.ts';

type DateParts = { weekday: string; day: string; month: string; year: string };
const dateFormatters = new Map<string, Intl.DateTimeFormat>();

// Hungarian dates take the temporal case: "március 5-én, csütörtökön".
const HU_DAY_SUFFIX = [
  '', 'jén', 'án', 'án', 'én', 'én', 'án', 'én', 'án', 'én', 'én', // 1–10
  'én', 'én', 'án', 'én', 'én', 'án', 'én', 'án', 'én', 'án', // 11–20
  'én', 'én', 'án', 'én', 'én', 'án', 'én', 'án', 'én', 'án', // 21–30
  'én', // 31
];
const HU_WEEKDAY_ON: Record<string, string> = {
  hétfő: 'hétfőn',
  kedd: 'kedden',
  szerda: 'szerdán',
  csütörtök: 'csütörtökön',
  péntek: 'pénteken',
  szombat: 'szombaton',
  vasárnap: 'vasárnap',
};

/** Word order per locale, from Intl's localised names (stable across ICU versions). */
const DATE_PATTERN: Record<Locale, (p: DateParts) => string> = {
  en: (p) => `${p.weekday} ${p.day} ${p.month} ${p.year}`, // Thursday 5 March 2026
  nb: (p) => `${p.weekday} ${p.day}. ${p.month} ${p.year}`, // torsdag 5. mars 2026
  sv: (p) => `${p.weekday} ${p.day} ${p.month} ${p.year}`, // torsdag 5 mars 2026
  nl: (p) => `${p.weekday} ${p.day} ${p.month} ${p.year}`, // donderdag 5 maart 2026
  hu: (p) =>
    // 2026. március 5-én, csütörtökön
    `${p.year}. ${p.month} ${p.day}-${HU_DAY_SUFFIX[Number(p.day)] ?? 'én'}, ${HU_WEEKDAY_ON[p.weekday] ?? p.weekday}`,
};

/**
 * The promised next-update date as it reads in the promise sentence, in the
 * recipient's locale and time zone: "Thursday 5 March 2026", "torsdag 5. mars
 * 2026", "2026. március 5-én, csütörtökön". Throws a RangeError for an unknown
 * time zone.
 */
export function formatPromiseDate(date: Date, locale: Locale, timeZone: string): string {
  const key = `${locale}\u0000${timeZone}`;
  let formatter = dateFormatters.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(INTL_LOCALE[locale], {
      weekday: 'long',
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      timeZone,
    });
    dateFormatters.set(key, formatter);
  }
  const parts: DateParts = { weekday: '', day: '', month: '', year: '' };
  for (const part of formatter.formatToParts(date)) {
    if (part.type === 'weekday' || part.type === 'day' || part.type === 'month' || part.type === 'year') {
      parts[part.type] = part.value;
    }
  }
  return DATE_PATTERN[locale](parts);
}
