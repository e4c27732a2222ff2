import type { Hono } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { allow } from '../auth/middleware.ts';
import { csvDownloadHeaders } from '../csv-stream.ts';
import { exportHistory } from './export.ts';
import { parseHistoryQuery } from './filter.ts';
import { HistoryPage } from './history-page.tsx';
import { historyOverview } from './queries.ts';

export function historyPages(app: Hono<AppEnv>): void {
  app.get('/history', allow('read'), async (c) => {
    const { filter, cursor, limit } = parseHistoryQuery(c.req.query(), 100);
    const { page, situations } = await historyOverview(c.get('deps').db, filter, cursor, limit);
    return c.html(<HistoryPage user={c.get('user')} csrfToken={c.get('csrfToken')} filter={filter} continued={cursor !== undefined} page={page} situations={situations} />);
  });
  app.get('/history.csv', allow('read'), async (c) => {
    const { filter } = parseHistoryQuery(c.req.query());
    const { csv, exportedAt } = await exportHistory(c.get('deps').db, c.get('actor'), filter);
    return c.body(csv, 200, csvDownloadHeaders('history', exportedAt));
  });
}
