import type { Hono } from 'hono';
import { sql } from 'kysely';
import type { AppEnv } from './context.ts';
import { Layout } from './layout.tsx';

export function dashboardPages(app: Hono<AppEnv>): void {
  app.get('/', async (c) => {
    const { db } = c.get('deps');
    const counts = await sql<{ contacts: number; segments: number; contact_points: number; audit: number }>`
      SELECT (SELECT count(*) FROM contacts) AS contacts,
             (SELECT count(*) FROM segments WHERE archived_at IS NULL) AS segments,
             (SELECT count(*) FROM contact_points WHERE archived_at IS NULL) AS contact_points,
             (SELECT count(*) FROM audit_log) AS audit`.execute(db);
    const n = counts.rows[0]!;
    const fmt = (v: number) => new Intl.NumberFormat('en-GB').format(v);
    return c.html(
      <Layout title="Dashboard" user={c.get('user')} csrfToken={c.get('csrfToken')} section="dashboard">
        <h1>Dashboard</h1>
        <div class="grid">
          <a class="card" href="/contacts">
            <div class="stat">{fmt(n.contacts)}</div>
            <div class="muted">customers</div>
          </a>
          <a class="card" href="/segments">
            <div class="stat">{fmt(n.segments)}</div>
            <div class="muted">segments</div>
          </a>
          <a class="card" href="/contact-points">
            <div class="stat">{fmt(n.contact_points)}</div>
            <div class="muted">contact points</div>
          </a>
          <a class="card" href="/audit">
            <div class="stat">{fmt(n.audit)}</div>
            <div class="muted">entries on the record</div>
          </a>
        </div>
      </Layout>,
    );
  });
}
