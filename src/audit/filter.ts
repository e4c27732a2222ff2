import { decodeCursor } from '../db/cursor.ts';
import { invalid } from '../errors.ts';
import type { AuditFilter } from './queries.ts';

const isCursor = (v: unknown): v is { before: number } => typeof v === 'object' && v !== null && Number.isSafeInteger((v as { before?: unknown }).before);

function parseDate(value: string | undefined, name: string): Date | undefined {
  if (!value) return undefined;
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) throw invalid(`${name} "${value}" is not a date (use ISO 8601, e.g. 2026-03-05 or 2026-03-05T09:00:00Z)`);
  return d;
}

/** The audit filter a query string asks for (the API's and the page's alike); refuses dates and cursors it cannot read. */
export function auditFilterFrom(q: Record<string, string | undefined>): AuditFilter {
  const cursor = decodeCursor(q['cursor'], isCursor);
  if (q['cursor'] && !cursor) throw invalid('cursor is not one this API gave out');
  return {
    action: q['action'] || undefined,
    actor: q['actor'] || undefined,
    from: parseDate(q['from'], 'from'),
    to: parseDate(q['to'], 'to'),
    beforeId: cursor?.before,
    limit: q['limit'] ? Number(q['limit']) : 50,
  };
}
