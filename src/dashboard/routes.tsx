import type { Hono } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { allow } from '../http/access.ts';
import { loadDashboard } from './queries.ts';
import { DashboardPage } from './views.tsx';

export function dashboardPages(app: Hono<AppEnv>): void {
  app.get('/', allow('read'), async (c) => {
    const user = c.get('user');
    const data = await loadDashboard(c.get('deps').db, user);
    return c.html(<DashboardPage user={user} csrfToken={c.get('csrfToken')} data={data} />);
  });
}
