import type { FC } from 'hono/jsx';
import type { User } from '../db/types.ts';
import { Layout } from '../http/layout.tsx';
import { PromisesSection } from '../promises/promises-section.tsx';
import { t, tr } from '../../i18n/current.ts';
import type { Dashboard } from './queries.ts';

export const DashboardPage: FC<{ user: User; csrfToken: string; data: Dashboard }> = ({ user, csrfToken, data }) => {
  const { counts, bands, followUps, promises } = data;
  const waiting = bands.under4h + bands.from4to24h + bands.over24h;
  const fmt = (v: number) => tr().number(v);
  return (
    <Layout title={t('dashboard.title')} user={user} csrfToken={csrfToken} section="dashboard">
      <h1>{t('dashboard.title')}</h1>
      <PromisesSection data={promises} />
      <section aria-labelledby="waiting-h">
        <h2 id="waiting-h">{t('dashboard.waitingHeading')}</h2>
        <div class="grid">
          <a class="card" href="/inbox">
            <div class="stat">{fmt(bands.under4h)}</div>
            <div class="muted">{t('dashboard.waitingUnder4h')}</div>
          </a>
          <a class="card" href="/inbox">
            <div class="stat">{fmt(bands.from4to24h)}</div>
            <div class="muted">{t('dashboard.waiting4to24h')}</div>
          </a>
          <a class={bands.over24h > 0 ? 'card band-old' : 'card'} href="/inbox">
            <div class="stat">{fmt(bands.over24h)}</div>
            <div class="muted">{t('dashboard.waitingOver24h')}</div>
          </a>
          <a class="card" href="/follow-ups">
            <div class="stat">{fmt(followUps)}</div>
            <div class="muted">{t('dashboard.openFollowUps')}</div>
          </a>
        </div>
        <p class="muted">{waiting === 0 ? t('dashboard.nobodyWaiting') : t('dashboard.unansweredTotal', { count: waiting })}</p>
      </section>
      <div class="grid">
        <a class="card" href="/contacts">
          <div class="stat">{fmt(counts.contacts)}</div>
          <div class="muted">{t('dashboard.customers')}</div>
        </a>
        <a class="card" href="/segments">
          <div class="stat">{fmt(counts.segments)}</div>
          <div class="muted">{t('dashboard.segments')}</div>
        </a>
        <a class="card" href="/contact-points">
          <div class="stat">{fmt(counts.contactPoints)}</div>
          <div class="muted">{t('dashboard.contactPoints')}</div>
        </a>
        <a class="card" href="/audit">
          <div class="stat">{fmt(counts.audit)}</div>
          <div class="muted">{t('dashboard.auditEntries')}</div>
        </a>
      </div>
    </Layout>
  );
};
