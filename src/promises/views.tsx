import type { FC } from 'hono/jsx';
import { t, tr } from '../../i18n/current.ts';
import type { User } from '../db/types.ts';
import { formatDateTime, Layout, TableHead } from '../http/layout.tsx';
import { filterWords, promiseOutcome } from './labels.ts';
import { PROMISE_FILTERS, type PromiseFilter, type PromiseView } from './queries.ts';
import { PromiseCells } from './promises-section.tsx';

interface PromisesPageProps {
  user: User;
  csrfToken: string;
  state: PromiseFilter | undefined;
  rows: PromiseView[];
}

/** Every promise ever made, with how it ended: the record of "did we write again when we said we would". */
export const PromisesPage: FC<PromisesPageProps> = ({ user, csrfToken, state, rows }) => {
  const kept = rows.filter((p) => p.state === 'kept').length;
  const broken = rows.filter((p) => p.state === 'broken').length;
  return (
    <Layout title={t('promises.title')} user={user} csrfToken={csrfToken} section="promises">
      <h1>{t('promises.title')}</h1>
      <p class="muted">{t('promises.pageIntro')}</p>
      <form method="get" action="/promises" class="card actions" aria-label={t('promises.filterPromises')}>
        <div>
          <label for="p-state">{t('promises.state')}</label>
          <select id="p-state" name="state">
            <option value="">{t('promises.allPromises')}</option>
            {PROMISE_FILTERS.map((s) => (
              <option value={s} selected={state === s}>
                {filterWords(s, tr())}
              </option>
            ))}
          </select>
        </div>
        <button type="submit">{t('common.filter')}</button>
        <a href={`/promises.csv${state ? `?state=${state}` : ''}`} download>
          {t('promises.exportCsv')}
        </a>
      </form>
      <p id="promises-summary">{t('promises.pageSummary', { count: rows.length, kept, broken, open: rows.length - kept - broken })}</p>
      {rows.length === 0 ? null : (
        <table>
          <caption class="visually-hidden">{t('promises.pageCaption')}</caption>
          <TableHead columns={[t('promises.columnSituation'), t('promises.columnPromisedIn'), t('promises.columnDue'), t('promises.columnOutcome'), t('promises.columnReachedByDate'), t('promises.columnSettled')]} />
          <tbody>
            {rows.map((p) => (
              <tr>
                <PromiseCells p={p} />
                <td>
                  <span class={`badge ${p.state === 'kept' ? 'ok' : p.state === 'open' ? 'warn' : 'bad'}`}>{promiseOutcome(p, tr())}</span>
                  {p.keptByUpdateId ? (
                    <>
                      {' '}
                      <a href={`/updates/${p.keptByUpdateId}`}>{t('promises.seeUpdate', { number: p.keptByUpdateNumber ?? '' })}</a>
                    </>
                  ) : null}
                </td>
                <td>{t('promises.reachedOf', { reached: p.reached, recipients: p.recipients })}</td>
                <td>{p.settledAt ? formatDateTime(new Date(p.settledAt)) : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Layout>
  );
};
