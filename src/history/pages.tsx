import type { Hono } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { allow } from '../http/access.ts';
import { csvDownloadHeaders } from '../csv-stream.ts';
import type { AppError } from '../errors.ts';
import { showRefusal } from '../http/errors.tsx';
import { exportHistory } from './export.ts';
import { parseHistoryQuery, type ParsedHistoryQuery } from './filter.ts';
import { HistoryPage, type FilterRefusal } from './history-page.tsx';
import { historyChoices, historyOverview } from './queries.ts';

/** The field a refused filter names (details are `{ field }` or a list of them), and its message. */
function filterRefusal(refusal: AppError): FilterRefusal {
  const details = refusal.details as { field?: unknown } | { field?: unknown }[] | undefined;
  const first = Array.isArray(details) ? details[0] : details;
  return { field: typeof first?.field === 'string' ? first.field : '', message: refusal.message };
}

export function historyPages(app: Hono<AppEnv>): void {
  app.get('/history', allow('read'), async (c) => {
    const { db } = c.get('deps');
    const typed = c.req.query();
    let query: ParsedHistoryQuery;
    try {
      query = parseHistoryQuery(typed, 100);
    } catch (err) {
      // A filter that cannot be read (a date like "yesterday") shows the form again as typed, the message at its field.
      return showRefusal(c, err, ['validation_failed'], async (refusal) => {
        const situationId = Number(typed['situation']);
        const choices = await historyChoices(db, { situationId: Number.isSafeInteger(situationId) && situationId > 0 ? situationId : undefined });
        return c.html(<HistoryPage user={c.get('user')} csrfToken={c.get('csrfToken')} filter={{}} names={{}} continued={false} page={{ rows: [], next: null }} {...choices} refused={{ typed, refusal: filterRefusal(refusal) }} />);
      });
    }
    const { filter, cursor, limit } = query;
    const { page, names, situations, updates } = await historyOverview(db, filter, cursor, limit);
    return c.html(<HistoryPage user={c.get('user')} csrfToken={c.get('csrfToken')} filter={filter} names={names} continued={cursor !== undefined} page={page} situations={situations} updates={updates} />);
  });
  app.get('/history.csv', allow('read'), async (c) => {
    const { filter } = parseHistoryQuery(c.req.query());
    const { csv, exportedAt } = await exportHistory(c.get('deps').db, c.get('actor'), filter);
    return c.body(csv, 200, csvDownloadHeaders('history', exportedAt));
  });
}
