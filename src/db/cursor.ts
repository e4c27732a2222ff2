import { controlCharacterIn } from '../control-characters.ts';
import { AppError } from '../errors.ts';

/*
 * Keyset cursors are opaque to clients: base64url of the JSON of the last row's
 * sort key. A client can still send anything back, so decoding is strict: the
 * exact base64url this module writes, JSON of an object with exactly the list's
 * fields, each of its kind. Anything else is refused with 400 `invalid_input`
 * naming `cursor`, never read as the first page (a client would loop or skip
 * rows without knowing) and never handed to PostgreSQL to fail there as a 500.
 */

/** What a cursor field holds: a row id (a positive whole number), a timestamptz as PostgreSQL prints it, or a short text. */
export type CursorFieldKind = 'id' | 'timestamp' | 'text';
export type CursorShape = Readonly<Record<string, CursorFieldKind>>;
export type CursorOf<S extends CursorShape> = { [K in keyof S]: S[K] extends 'id' ? number : string };

/** Longer than any cursor this codebase writes (the longest, suppressions', is a timestamp and a 320-character address). */
const MAX_CURSOR_LENGTH = 1024;
const MAX_TEXT = 320;
const BASE64URL = /^[A-Za-z0-9_-]+$/;
const utf8 = new TextDecoder('utf-8', { fatal: true });

export function encodeCursor(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** `2026-03-05 09:00:00.123456+01` (PostgreSQL's text of a timestamptz, DateStyle ISO), and only a day and time that exist. */
const PG_TIMESTAMPTZ = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.\d{1,6})?[+-](\d{2})(?::[0-5]\d){0,2}$/;

function isTimestamp(v: unknown): boolean {
  if (typeof v !== 'string') return false;
  const m = PG_TIMESTAMPTZ.exec(v);
  if (!m) return false;
  const [y, mo, d, h, mi, s, offset] = m.slice(1).map(Number) as [number, number, number, number, number, number, number];
  const day = new Date(Date.UTC(y, mo - 1, d));
  return y >= 1 && day.getUTCFullYear() === y && day.getUTCMonth() === mo - 1 && day.getUTCDate() === d && h <= 23 && mi <= 59 && s <= 59 && offset <= 15;
}

const FIELD_CHECKS: Record<CursorFieldKind, (v: unknown) => boolean> = {
  id: (v) => typeof v === 'number' && Number.isSafeInteger(v) && v > 0,
  timestamp: isTimestamp,
  text: (v) => typeof v === 'string' && v.length <= MAX_TEXT && controlCharacterIn(v) === null,
};

function refuse(why: string): AppError {
  const message = `not a cursor this list gave out (${why}); start again from the first page`;
  return new AppError('invalid_input', `cursor: ${message}`, [{ field: 'cursor', message }]);
}

/**
 * The sort key a cursor holds, checked against the list's shape; undefined for
 * no cursor or an empty one (the first page). Throws 400 `invalid_input`
 * naming `cursor` for anything else.
 */
export function decodeCursor<S extends CursorShape>(cursor: string | undefined, shape: S): CursorOf<S> | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  if (cursor.length > MAX_CURSOR_LENGTH) throw refuse('too long');
  const bytes = Buffer.from(cursor, 'base64url');
  // Node skips characters outside the alphabet and ignores stray bits; only the exact text it writes is a cursor.
  if (!BASE64URL.test(cursor) || bytes.toString('base64url') !== cursor) throw refuse('not base64url');
  let value: unknown;
  try {
    value = JSON.parse(utf8.decode(bytes));
  } catch {
    throw refuse('not JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw refuse('not an object');
  const keys = Object.keys(value);
  const expected = Object.keys(shape);
  if (keys.length !== expected.length || !expected.every((k) => keys.includes(k))) throw refuse(`fields ${keys.join(', ') || 'none'}, not ${expected.join(', ')}`);
  for (const [key, kind] of Object.entries(shape)) {
    if (!FIELD_CHECKS[kind]((value as Record<string, unknown>)[key])) throw refuse(`${key} is not ${kind === 'id' ? 'a row id' : kind === 'timestamp' ? 'a time' : 'a short text'}`);
  }
  return value as CursorOf<S>;
}
