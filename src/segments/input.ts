import { AppError, invalid } from '../errors.ts';
import { parseRule, type Rule } from './rule.ts';

/** Input validation for segment writes: names, static-list addresses, create bodies. */

export const MAX_LIST_EMAILS = 100_000;

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}


export function parseSegmentName(v: unknown, field = 'name'): string {
  if (v === undefined || v === null) throw invalid(`${field}: is required`, [{ field, message: 'is required' }]);
  if (typeof v !== 'string') throw invalid(`${field}: must be a string`, [{ field, message: 'must be a string' }]);
  const name = v.trim();
  const problem = name.length === 0 ? 'is required' : name.length > 200 ? `is ${name.length} characters long; the limit is 200` : /[\r\n\t]/.test(name) ? 'must be on one line' : undefined;
  if (problem) throw invalid(`${field}: ${problem}`, [{ field, message: problem }]);
  return name;
}

/**
 * Validates a list of addresses for a static segment: trims, drops blanks and
 * duplicates (case-insensitively). Addresses are matched against contacts, so
 * a malformed one simply comes back as unknown.
 */
export function parseEmailList(v: unknown, field = 'emails'): string[] {
  if (!Array.isArray(v)) throw invalid(`${field}: must be a list of email addresses`, [{ field, message: 'must be a list of email addresses' }]);
  if (v.length > MAX_LIST_EMAILS) throw invalid(`${field}: has ${v.length} addresses; the limit is ${MAX_LIST_EMAILS}`, [{ field, message: `the limit is ${MAX_LIST_EMAILS}` }]);
  const seen = new Set<string>();
  const out: string[] = [];
  v.forEach((e: unknown, i) => {
    if (typeof e !== 'string') throw invalid(`${field}[${i}]: must be a string`, [{ field: `${field}[${i}]`, message: 'must be a string' }]);
    const email = e.trim();
    if (email.length === 0) return;
    if (email.length > 254) throw invalid(`${field}[${i}]: is longer than 254 characters`, [{ field: `${field}[${i}]`, message: 'is longer than 254 characters' }]);
    const key = email.toLowerCase();
    if (seen.has(key)) return;
    seen.add(key);
    out.push(email);
  });
  if (out.length === 0) throw invalid(`${field}: give at least one email address`, [{ field, message: 'give at least one email address' }]);
  return out;
}

export type CreateInput = { name: string; rule: Rule; emails?: undefined } | { name: string; emails: string[]; rule?: undefined };

export function parseCreate(input: unknown): CreateInput {
  if (!isObject(input)) throw invalid('body: must be an object { name, rule } or { name, emails }');
  const name = parseSegmentName(input['name']);
  const hasRule = input['rule'] !== undefined && input['rule'] !== null;
  const hasEmails = input['emails'] !== undefined && input['emails'] !== null;
  if (hasRule && hasEmails) throw invalid('emails: give either a rule or a list of emails, not both', [{ field: 'emails', message: 'give either a rule or a list of emails, not both' }]);
  if (hasEmails) return { name, emails: parseEmailList(input['emails']) };
  if (!hasRule) throw invalid('rule: is required (or emails, for a static list)', [{ field: 'rule', message: 'is required (or emails, for a static list)' }]);
  return { name, rule: parseRule(input['rule']) };
}

export function isNameTaken(err: unknown): boolean {
  const e = err as { code?: string; constraint?: string } | undefined;
  return e?.code === '23505' && e.constraint === 'segments_name_key';
}

export function nameTaken(name: string): AppError {
  return AppError.localized('conflict', 'segments.nameTaken', { name }).with({ details: [{ field: 'name', message: 'is already taken' }] });
}
