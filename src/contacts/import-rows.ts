import { z } from 'zod';
import { SUPPORTED_LOCALES } from '../config.ts';
import { controlCharacterIn, controlCharacterProblem } from '../control-characters.ts';

/*
 * One imported row, checked on its own: a bad row is refused with the reason,
 * and the rows around it still land. The CSV and JSON readers turn their rows
 * into a RawContact; `validateRow` makes it a Candidate for the upsert.
 */

export const MAX_NAME = 200;
export const MAX_ATTRIBUTE_NAME = 100;
export const MAX_ATTRIBUTE_VALUE = 1000;
const MAX_EMAIL = 254;
/** The columns an import reads, as the form and the API document explain them. */
export const IMPORT_COLUMNS_HELP = `Columns: email (required), name, locale (${SUPPORTED_LOCALES.join(', ')}), timezone (e.g. Europe/Oslo); every other column becomes an attribute.`;

/** How much of a rejected row's email is echoed back. */
const MAX_ECHO = 320;

export type AttributeValue = string | number | boolean;

/** A row as the file gave it: texts untrimmed, empty where the file had nothing. */
export interface RawContact {
  email: string;
  name: string;
  locale: string;
  timezone: string;
  attributes: Record<string, AttributeValue>;
}

/** A valid row, ready for the upsert; null locale or time zone keeps the contact's own. */
export interface Candidate {
  row: number;
  email: string;
  key: string;
  name: string;
  locale: string | null;
  timezone: string | null;
  attributes: Record<string, AttributeValue>;
}

const emailSchema = z.email().max(MAX_EMAIL);
const LOCALES = new Set<string>(SUPPORTED_LOCALES);
const ZONES = new Set(Intl.supportedValuesOf('timeZone'));
const zoneCache = new Map<string, string | null>();

/** The canonical IANA name of a time zone, or null when Intl does not know it. */
export function canonicalTimeZone(tz: string): string | null {
  let hit = zoneCache.get(tz);
  if (hit !== undefined) return hit;
  if (ZONES.has(tz)) hit = tz;
  else {
    // Aliases (UTC, Etc/UTC, US/Eastern) and other spellings Intl accepts.
    try {
      hit = new Intl.DateTimeFormat('en', { timeZone: tz }).resolvedOptions().timeZone;
    } catch {
      hit = null;
    }
  }
  if (zoneCache.size < 10_000) zoneCache.set(tz, hit);
  return hit;
}

// Numbers only when the text reads back the same: "0150" (a Norwegian postcode)
// or a 20-digit account number stays text instead of losing its zeros or digits.
const NUMBER = /^-?(0|[1-9]\d{0,14})(\.\d{1,15})?$/;

/** Types a CSV cell: numbers, true/false, otherwise text; undefined for an empty cell. */
export function typedCell(value: string): AttributeValue | undefined {
  const v = value.trim();
  if (v === '') return undefined;
  if (NUMBER.test(v)) return Number(v);
  const lower = v.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  return v;
}

/** A rejected row's email as the report shows it. */
export const echoEmail = (email: string) => {
  const trimmed = email.trim();
  return trimmed.length > MAX_ECHO ? trimmed.slice(0, MAX_ECHO) + '…' : trimmed;
};

/** Whether a text holds a control character other than tab and line breaks (NUL cannot even be stored). */
export const hasControlCharacter = (s: string) => controlCharacterIn(s) !== null;

/** Validates one row; returns the contact or the reason it is refused. */
export function validateRow(row: number, c: RawContact): Candidate | string {
  const email = c.email.trim();
  if (email === '') return 'email is missing';
  if (hasControlCharacter(email) || !emailSchema.safeParse(email).success) return 'not a valid email address';
  // .invalid never delivers (RFC 2606); it is where erased contacts' pseudonyms live, and an import must not revive one.
  if (/\.invalid$/i.test(email)) return 'the domain .invalid cannot receive mail';
  // A line break in a name (a cell with two lines in a spreadsheet) becomes a space.
  const name = c.name.replace(/\s*[\r\n]+\s*/g, ' ').trim();
  const nameProblem = controlCharacterProblem(name);
  if (nameProblem) return `name ${nameProblem}`;
  if (name.length > MAX_NAME) return `name is longer than ${MAX_NAME} characters`;
  let locale: string | null = null;
  const l = c.locale.trim();
  if (l !== '') {
    locale = l.toLowerCase();
    if (!LOCALES.has(locale)) return `unknown locale "${l}"; use one of ${SUPPORTED_LOCALES.join(', ')}`;
  }
  let timezone: string | null = null;
  const t = c.timezone.trim();
  if (t !== '') {
    timezone = hasControlCharacter(t) ? null : canonicalTimeZone(t);
    if (!timezone) return `unknown time zone "${t}"; use an IANA name such as Europe/Oslo`;
  }
  for (const [k, v] of Object.entries(c.attributes)) {
    if (hasControlCharacter(k)) return `an attribute name ${controlCharacterProblem(k)}`;
    if (k.length > MAX_ATTRIBUTE_NAME) return `attribute name "${k.slice(0, 40)}…" is longer than ${MAX_ATTRIBUTE_NAME} characters`;
    if (typeof v === 'string') {
      if (hasControlCharacter(v)) return `value of "${k}" ${controlCharacterProblem(v)}`;
      if (v.length > MAX_ATTRIBUTE_VALUE) return `value of "${k}" is longer than ${MAX_ATTRIBUTE_VALUE} characters`;
    }
  }
  return { row, email, key: email.toLowerCase(), name, locale, timezone, attributes: c.attributes };
}
