import type { User } from '../db/types.ts';
import { Layout, TableHead } from '../http/layout.tsx';
import { t, tr } from '../../i18n/current.ts';
import { formatAge, type AgeBands, type Inbox } from './inbox.ts';

export const AgeBandList = ({ bands }: { bands: AgeBands }) => (
  <dl class="age-bands">
    <div>
      <dt>{t('conversations.bandUnder4h')}</dt>
      <dd>{tr().number(bands.under4h)}</dd>
    </div>
    <div>
      <dt>{t('conversations.band4to24h')}</dt>
      <dd>{tr().number(bands.from4to24h)}</dd>
    </div>
    <div class={bands.over24h > 0 ? 'band-old' : undefined}>
      <dt>{t('conversations.bandOver24h')}</dt>
      <dd>{tr().number(bands.over24h)}</dd>
    </div>
  </dl>
);

/** The inbox: customers waiting for an answer, the longest-waiting first, with a filter for all but responders. */
export const InboxPage = ({ inbox, mine, user, csrfToken, now }: { inbox: Inbox; mine: boolean; user: User; csrfToken: string; now: Date }) => {
  const { scope, rows, bands, contactPoints } = inbox;
  return (
    <Layout title={t('conversations.inboxTitle')} user={user} csrfToken={csrfToken} section="inbox">
      <h1>{t('conversations.inboxTitle')}</h1>
      <p class="muted">
        {user.role === 'responder' ? t('conversations.inboxIntroResponder') : t('conversations.inboxIntro')} <a href="/follow-ups">{t('conversations.followUpsTitle')}</a>
      </p>
      {user.role !== 'responder' ? (
        <form method="get" action="/inbox" class="actions">
          <label for="inbox-cp">{t('conversations.filterShow')}</label>
          <select id="inbox-cp" name="cp">
            <option value="">{t('conversations.filterEveryone')}</option>
            {contactPoints.map((p) => (
              <option value={String(p.id)} selected={scope.kind === 'contact_point' && scope.contactPointId === p.id}>
                {p.name}
              </option>
            ))}
          </select>
          <label>
            <input type="checkbox" name="mine" value="1" checked={mine} /> {t('conversations.filterMine')}
          </label>
          <button type="submit" class="secondary">
            {t('common.filter')}
          </button>
        </form>
      ) : null}
      <AgeBandList bands={bands} />
      {rows.length === 0 ? (
        <p>{t('conversations.inboxEmpty')}</p>
      ) : (
        <table>
          <caption class="visually-hidden">{t('conversations.inboxCaption')}</caption>
          <TableHead columns={[t('conversations.colWaiting'), t('conversations.colCustomer'), t('conversations.colSituation'), t('conversations.colContactPerson'), t('conversations.colLastMessage')]} />
          <tbody>
            {rows.map((r) => (
              <tr>
                <td>{formatAge(r.waitingSince, now)}</td>
                <td>
                  <a href={`/inbox/${r.id}`}>{r.customerName || r.customerEmail}</a>
                  <div class="muted">{r.customerEmail}</div>
                </td>
                <td>{r.situationTitle}</td>
                <td>{r.contactPointName ?? '—'}</td>
                <td>{r.lastExcerpt}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Layout>
  );
};
