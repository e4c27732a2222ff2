import type { FC } from 'hono/jsx';
import type { User } from '../db/types.ts';
import { formatDateTime, Layout, TableHead } from '../http/layout.tsx';
import { FILTER_WORDS, promiseOutcome } from './labels.ts';
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
    <Layout title="Promises" user={user} csrfToken={csrfToken} section="promises">
      <h1>Promises</h1>
      <p class="muted">Every next-update date an update gave its recipients, and whether the team wrote again by then.</p>
      <form method="get" action="/promises" class="card actions" aria-label="Filter the promises">
        <div>
          <label for="p-state">State</label>
          <select id="p-state" name="state">
            <option value="">All promises</option>
            {PROMISE_FILTERS.map((s) => (
              <option value={s} selected={state === s}>
                {FILTER_WORDS[s]}
              </option>
            ))}
          </select>
        </div>
        <button type="submit">Filter</button>
        <a href={`/promises.csv${state ? `?state=${state}` : ''}`} download>
          Export as CSV
        </a>
      </form>
      <p id="promises-summary">{`${rows.length} promise${rows.length === 1 ? '' : 's'}: ${kept} kept, ${broken} broken, ${rows.length - kept - broken} open.`}</p>
      {rows.length === 0 ? null : (
        <table>
          <caption class="visually-hidden">Promises, soonest due first</caption>
          <TableHead columns={['Situation', 'Promised in', 'Due', 'Outcome', 'Reached by the date', 'Settled']} />
          <tbody>
            {rows.map((p) => (
              <tr>
                <PromiseCells p={p} />
                <td>
                  <span class={`badge ${p.state === 'kept' ? 'ok' : p.state === 'open' ? 'warn' : 'bad'}`}>{promiseOutcome(p)}</span>
                  {p.keptByUpdateId ? (
                    <>
                      {' '}
                      <a href={`/updates/${p.keptByUpdateId}`}>{`See update ${p.keptByUpdateNumber ?? ''}`}</a>
                    </>
                  ) : null}
                </td>
                <td>{`${p.reached} of ${p.recipients}`}</td>
                <td>{p.settledAt ? formatDateTime(new Date(p.settledAt)) : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Layout>
  );
};
