import { decodeCursor } from '../db/cursor.ts';
import { AppError, invalid } from '../errors.ts';
import type { AuditFilter } from './queries.ts';

/** The id of the last entry shown; the next page starts before it. */
const AUDIT_CURSOR = { before: 'id' } as const;

function parseDate(value: string | undefined, name: string): Date | undefined {
  if (!value) return undefined;
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) throw AppError.localized('validation_failed', 'audit.notADate', { name, value });
  return d;
}

/** The audit filter a query string asks for (the API's and the page's alike); refuses dates and cursors it cannot read. */
export function auditFilterFrom(q: Record<string, string | undefined>): AuditFilter {
  const cursor = decodeCursor(q['cursor'], AUDIT_CURSOR);
  const limit = q['limit'] ? Number(q['limit']) : 50;
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > 500) throw invalid('limit must be a whole number from 1 to 500', [{ field: 'limit', message: 'must be a whole number from 1 to 500' }]);
  return {
    action: q['action'] || undefined,
    actor: q['actor'] || undefined,
    from: parseDate(q['from'], 'from'),
    to: parseDate(q['to'], 'to'),
    beforeId: cursor?.before,
    limit,
  };
}
