import { AppError, invalid } from '../errors.ts';
import { decodeCursor, encodeCursor } from '../db/cursor.ts';
import { STATUS_FILTERS } from '../deliveries/state.ts';
import { HISTORY_CURSOR, type HistoryCursor, type HistoryFilter } from './queries.ts';

function positiveId(value: string | undefined, field: string): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n <= 0) throw AppError.localized('validation_failed', 'history.refuseNotWhole', { field, value: value.slice(0, 40) }).with({ details: { field } });
  return n;
}

function date(value: string | undefined, field: string): Date | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const d = new Date(value.trim());
  if (Number.isNaN(d.getTime())) throw AppError.localized('validation_failed', 'history.refuseNotDate', { field, value: value.slice(0, 40) }).with({ details: { field } });
  return d;
}

export interface ParsedHistoryQuery {
  filter: HistoryFilter;
  cursor: HistoryCursor | undefined;
  limit: number;
}

/** Validates a history query; every refusal names the parameter. */
export function parseHistoryQuery(q: Record<string, string | undefined>, defaultLimit = 50): ParsedHistoryQuery {
  const email = q['email']?.trim().toLowerCase() || undefined;
  if (email && (email.length > 254 || /[\r\n]/.test(email))) throw AppError.localized('validation_failed', 'history.refuseEmail').with({ details: { field: 'email' } });
  const status = q['status']?.trim() || undefined;
  if (status && !(STATUS_FILTERS as readonly string[]).includes(status)) throw AppError.localized('validation_failed', 'history.refuseStatus', { choices: STATUS_FILTERS.join(', ') }).with({ details: { field: 'status' } });
  const filter: HistoryFilter = {
    situationId: positiveId(q['situation'], 'situation'),
    updateId: positiveId(q['update'], 'update'),
    updateNumber: positiveId(q['number'], 'number'),
    email,
    status: status as HistoryFilter['status'],
    from: date(q['from'], 'from'),
    to: date(q['to'], 'to'),
  };
  // Update numbers start again at 1 in every situation: a number alone names no update.
  if (filter.updateNumber !== undefined && filter.situationId === undefined) throw AppError.localized('validation_failed', 'history.refuseNumberAlone').with({ details: { field: 'number' } });
  if (filter.from && filter.to && filter.from >= filter.to) throw AppError.localized('validation_failed', 'history.refuseFromAfterTo').with({ details: { field: 'from' } });
  const cursor = decodeCursor(q['cursor'], HISTORY_CURSOR);
  const limit = q['limit'] ? Number(q['limit']) : defaultLimit;
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > 500) throw invalid('limit must be a whole number from 1 to 500', { field: 'limit' });
  return { filter, cursor, limit };
}

/** The filter as query parameters again, for links to the next page and to the export. */
export function historyParams(f: HistoryFilter, cursor?: HistoryCursor | null): URLSearchParams {
  const p = new URLSearchParams();
  if (f.situationId !== undefined) p.set('situation', String(f.situationId));
  if (f.updateId !== undefined) p.set('update', String(f.updateId));
  if (f.updateNumber !== undefined) p.set('number', String(f.updateNumber));
  if (f.email) p.set('email', f.email);
  if (f.status) p.set('status', f.status);
  if (f.from) p.set('from', f.from.toISOString());
  if (f.to) p.set('to', f.to.toISOString());
  if (cursor) p.set('cursor', encodeCursor(cursor));
  return p;
}
