import type { FC } from 'hono/jsx';
import type { User } from '../db/types.ts';
import { Layout } from '../http/layout.tsx';
import { PromisesSection } from '../promises/promises-section.tsx';
import type { Dashboard } from './queries.ts';

const fmt = (v: number) => new Intl.NumberFormat('en-GB').format(v);

export const DashboardPage: FC<{ user: User; csrfToken: string; data: Dashboard }> = ({ user, csrfToken, data }) => {
  const { counts, bands, followUps, promises } = data;
  const waiting = bands.under4h + bands.from4to24h + bands.over24h;
  return (
    <Layout title="Dashboard" user={user} csrfToken={csrfToken} section="dashboard">
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
          <div class="stat">{fmt(counts.contacts)}</div>
          <div class="muted">customers</div>
        </a>
        <a class="card" href="/segments">
          <div class="stat">{fmt(counts.segments)}</div>
          <div class="muted">segments</div>
        </a>
        <a class="card" href="/contact-points">
          <div class="stat">{fmt(counts.contactPoints)}</div>
          <div class="muted">contact points</div>
        </a>
        <a class="card" href="/audit">
          <div class="stat">{fmt(counts.audit)}</div>
          <div class="muted">entries on the record</div>
        </a>
      </div>
    </Layout>
  );
};
