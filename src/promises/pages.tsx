import type { Hono } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { allow } from '../http/access.ts';
import { csvDownloadHeaders } from '../csv-stream.ts';
import { exportPromisesCsv } from './export.ts';
import { listPromises, parsePromiseFilter } from './queries.ts';
import { PromisesPage } from './views.tsx';

export function promisesPages(app: Hono<AppEnv>): void {
  app.get('/promises', allow('read'), async (c) => {
    const state = parsePromiseFilter(c.req.query('state'));
    const rows = await listPromises(c.get('deps').db, state);
    return c.html(<PromisesPage user={c.get('user')} csrfToken={c.get('csrfToken')} state={state} rows={rows} />);
  });

  app.get('/promises.csv', allow('read'), async (c) => {
    const state = parsePromiseFilter(c.req.query('state'));
    const { csv, exportedAt } = await exportPromisesCsv(c.get('deps').db, c.get('actor'), state);
    return c.body(csv, 200, csvDownloadHeaders('promises', exportedAt));
  });
}
