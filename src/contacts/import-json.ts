import { BATCH_SIZE, type ImportRun } from './import-run.ts';
import type { AttributeValue, RawContact } from './import-rows.ts';

/*
 * Reading a JSON import: an array of objects with email, name, locale and
 * timezone; every other field, and the fields of a nested "attributes" object,
 * become attributes.
 */

const RESERVED_JSON = new Set(['email', 'name', 'locale', 'timezone', 'attributes']);

export type JsonRowRefusal = { email: string; reason: string };

/** Reads one JSON row; returns the contact fields or the reason it is refused. */
export function jsonRow(value: unknown): RawContact | JsonRowRefusal {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { email: '', reason: 'is not an object with an "email" field' };
  const o = value as Record<string, unknown>;
  const email = typeof o['email'] === 'string' ? o['email'] : '';
  const text = (k: string): string | JsonRowRefusal => {
    const v = o[k];
    if (v === undefined || v === null) return '';
    if (typeof v !== 'string') return { email, reason: `${k} must be text` };
    return v;
  };
  const fields: Record<string, string> = {};
  for (const k of ['email', 'name', 'locale', 'timezone']) {
    const v = text(k);
    if (typeof v !== 'string') return v;
    fields[k] = v;
  }
  const attributes: Record<string, AttributeValue> = {};
  const take = (k: string, v: unknown): string | undefined => {
    if (v === undefined || v === null || v === '') return undefined; // like an empty cell: not set
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) return `attribute "${k}" must be a finite number`;
      attributes[k] = v;
    } else if (typeof v === 'boolean') attributes[k] = v;
    else if (typeof v === 'string') {
      if (v.trim() === '') return undefined;
      attributes[k] = v.trim();
    } else return `attribute "${k}" must be text, a number or true/false`;
    return undefined;
  };
  for (const [k, v] of Object.entries(o)) {
    if (RESERVED_JSON.has(k)) continue;
    const why = take(k, v);
    if (why) return { email, reason: why };
  }
  const nested = o['attributes'];
  if (nested !== undefined && nested !== null) {
    if (typeof nested !== 'object' || Array.isArray(nested)) return { email, reason: 'attributes must be an object' };
    for (const [k, v] of Object.entries(nested as Record<string, unknown>)) {
      const why = take(k, v);
      if (why) return { email, reason: why };
    }
  }
  return { email: fields['email']!, name: fields['name']!, locale: fields['locale']!, timezone: fields['timezone']!, attributes };
}

/** Reads a JSON array into the run, row by row. */
export async function readJson(run: ImportRun, rows: unknown[]): Promise<void> {
  for (let i = 0; i < rows.length; i++) {
    const r = jsonRow(rows[i]);
    if ('reason' in r) run.reject(i + 1, r.email, r.reason);
    else await run.offer(i + 1, r);
    if ((i + 1) % BATCH_SIZE === 0) run.progress();
  }
}
