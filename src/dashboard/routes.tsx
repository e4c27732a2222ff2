import type { Hono } from 'hono';
import { sql } from 'kysely';
import type { AppEnv } from '../app-env.ts';
import { Layout } from '../http/layout.tsx';
import { ageBands, openFollowUpCount, scopeFor } from '../conversations/inbox.ts';
import { dashboardPromises } from '../promises/dashboard.ts';
import { PromisesSection } from '../promises/promises-section.tsx';

export function dashboardPages(app: Hono<AppEnv>): void {
  app.get('/', async (c) => {
    const { db } = c.get('deps');
    const counts = await sql<{ contacts: number; segments: number; contact_points: number; audit: number }>`
      SELECT (SELECT count(*) FROM contacts) AS contacts,
             (SELECT count(*) FROM segments WHERE archived_at IS NULL) AS segments,
             (SELECT count(*) FROM contact_points WHERE archived_at IS NULL) AS contact_points,
             (SELECT count(*) FROM audit_log) AS audit`.execute(db);
    const n = counts.rows[0]!;
    const user = c.get('user');
    const [bands, followUps, promises] = await Promise.all([ageBands(db, scopeFor(user)), openFollowUpCount(db), dashboardPromises(db)]);
    const waiting = bands.under4h + bands.from4to24h + bands.over24h;
    const fmt = (v: number) => new Intl.NumberFormat('en-GB').format(v);
    return c.html(
      <Layout title="Dashboard" user={user} csrfToken={c.get('csrfToken')} section="dashboard">
        <h1>Dashboard</h1>
        <PromisesSection data={promises} />
        <section aria-labelledby="waiting-h">
          <h2 id="waiting-h">Customers waiting for an answer</h2>
          <div class="grid">
            <a class="card" href="/inbox">
              <div class="stat">{fmt(bands.under4h)}</div>
              <div class="muted">waiting under 4 h</div>
            </a>
            <a class="card" href="/inbox">
              <div class="stat">{fmt(bands.from4to24h)}</div>
              <div class="muted">waiting 4–24 h</div>
            </a>
            <a class={bands.over24h > 0 ? 'card band-old' : 'card'} href="/inbox">
              <div class="stat">{fmt(bands.over24h)}</div>
              <div class="muted">waiting over 24 h</div>
            </a>
            <a class="card" href="/follow-ups">
              <div class="stat">{fmt(followUps)}</div>
              <div class="muted">open follow-ups</div>
            </a>
          </div>
          <p class="muted">{waiting === 0 ? 'Nobody is waiting for an answer.' : `${fmt(waiting)} unanswered in total.`}</p>
        </section>
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
