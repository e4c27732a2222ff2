/** Dates and lengths of time written out for staff, in their language. */
import { INTL_LOCALE, type Locale } from './locales.ts';

/**
 * A date and time for officers, in UTC and saying so: "Thursday, 5 March 2026
 * at 15:00 UTC", "torsdag 5. mars 2026 kl. 15:00 UTC". Officers have no time
 * zone of their own in tidings; the dashboard shows UTC too.
 */
export function formatOfficerDateTime(date: Date, locale: Locale): string {
  return new Intl.DateTimeFormat(INTL_LOCALE[locale], {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'UTC',
    timeZoneName: 'short',
  }).format(date);
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * A length of time written out in the locale, rounded down: minutes under an
 * hour, hours under two days, then days and hours ("20 hours", "2 days, 4
 * hours", "20 timer", "2 nap és 4 óra"). Negative spans count as their size.
 */
export function formatDuration(ms: number, locale: Locale): string {
  const span = Math.abs(ms);
  const unit = (u: 'minute' | 'hour' | 'day', n: number) => new Intl.NumberFormat(INTL_LOCALE[locale], { style: 'unit', unit: u, unitDisplay: 'long' }).format(n);
  if (span < HOUR) return unit('minute', Math.max(1, Math.floor(span / MINUTE)));
  if (span < 2 * DAY) return unit('hour', Math.floor(span / HOUR));
  const days = Math.floor(span / DAY);
  const hours = Math.floor((span % DAY) / HOUR);
  if (hours === 0) return unit('day', days);
  return new Intl.ListFormat(INTL_LOCALE[locale], { type: 'unit', style: 'long' }).format([unit('day', days), unit('hour', hours)]);
}
