// Wall-clock times in a named zone, for <input type="datetime-local">: the pages
// ask for dates on a chosen zone's clock and store instants.

import { AppError } from '../errors.ts';

export const DEFAULT_ZONE = 'Europe/Oslo';

/**
 * Every zone the pages offer and accept: the IANA zones Intl knows (its
 * canonical names, sorted), and UTC, which Node lists only as an alias.
 */
export const ZONES: readonly string[] = (() => {
  const all = Intl.supportedValuesOf('timeZone').filter((z) => z !== 'UTC');
  return [...all.sort(), 'UTC'];
})();
const KNOWN = new Set(ZONES);

/** Exactly the offered zones: what a person picks from the list, nothing Intl merely tolerates (offsets, other cases). */
export function isZone(zone: unknown): zone is string {
  return typeof zone === 'string' && KNOWN.has(zone);
}

/**
 * The zone of a form field, or a refusal (400 `invalid_input`) naming the field and what was typed:
 * the time-zone field's own (said in the reader's language on pages), or the
 * one `label` names.
 */
export function requireZone(zone: string, label?: string, field = 'timeZone'): string {
  if (KNOWN.has(zone)) return zone;
  const details = [{ field, message: 'unknown time zone' }];
  const typed = zone.slice(0, 64);
  if (label === undefined) throw AppError.localized('invalid_input', 'updates.refuseUnknownZone', { zone: typed }).with({ details });
  throw new AppError('invalid_input', `${label}: "${typed}" is not a time zone we know; pick one from the list (an IANA name such as Europe/Oslo, America/New_York or UTC)`, details);
}

type WallParts = Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second', number>;
const partsFormatters = new Map<string, Intl.DateTimeFormat>();
function partsIn(zone: string, t: number): WallParts {
  let f = partsFormatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    partsFormatters.set(zone, f);
  }
  const out: WallParts = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const p of f.formatToParts(new Date(t))) {
    if (p.type in out) out[p.type as keyof WallParts] = Number(p.value);
  }
  return out;
}

/** How far the zone's wall clock is ahead of UTC at instant `t`, in ms. */
function offsetAt(zone: string, t: number): number {
  const whole = Math.floor(t / 1000) * 1000;
  const p = partsIn(zone, whole);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour % 24, p.minute, p.second) - whole;
}

const LOCAL_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * "2026-03-05T09:00" on the wall clock of `zone` → the instant; undefined when
 * the text is no valid date-time. A time skipped by a clock change resolves to
 * the instant an hour later on the new clock.
 */
export function zonedToInstant(local: string, zone: string): Date | undefined {
  const m = LOCAL_RE.exec(local.trim());
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number) as [number, number, number, number, number, number];
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return undefined;
  const wall = Date.UTC(y, mo - 1, d, h, mi, s);
  const check = new Date(wall);
  if (check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return undefined;
  let t = wall - offsetAt(zone, wall);
  t = wall - offsetAt(zone, t);
  return new Date(t);
}

/** The instant as "YYYY-MM-DDTHH:mm" on the wall clock of `zone`: the value of a datetime-local input. */
export function instantToZoned(d: Date, zone: string): string {
  const p = partsIn(zone, d.getTime());
  const two = (n: number) => String(n).padStart(2, '0');
  return `${String(p.year).padStart(4, '0')}-${two(p.month)}-${two(p.day)}T${two(p.hour % 24)}:${two(p.minute)}`;
}

/** "Thu, 5 Mar 2026, 09:00 (Europe/Oslo)", in the words of `intlLocale` (a BCP 47 tag). */
export function formatInZone(d: Date, zone: string, intlLocale = 'en-GB'): string {
  const text = new Intl.DateTimeFormat(intlLocale, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: zone }).format(d);
  return `${text} (${zone})`;
}
