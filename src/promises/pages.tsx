import type { Context, Hono } from 'hono';
import { recordAudit } from '../audit/log.ts';
import { csvDownloadHeaders, csvStream } from '../csv-stream.ts';
import { invalid } from '../errors.ts';
import type { AppEnv } from '../app-env.ts';
import { formatDateTime, Layout, TableHead } from '../http/layout.tsx';
import { requirePermission } from '../auth/middleware.ts';
import { listPromises, PROMISE_FILTERS, type PromiseFilter, type PromiseView } from './api.ts';

const FILTER_WORDS: Record<PromiseFilter, string> = {
  open: 'Open',
  overdue: 'Overdue (waiting for the team)',
  kept: 'Kept',
  broken: 'Broken (overdue or written to late)',
};

function parseState(value: string | undefined): PromiseFilter | undefined {
  if (!value) return undefined;
  if (!(PROMISE_FILTERS as readonly string[]).includes(value)) throw invalid(`state must be one of ${PROMISE_FILTERS.join(', ')}`, { field: 'state' });
  return value as PromiseFilter;
}

/** What happened to the promise, in words an auditor can quote. */
function outcome(p: PromiseView): string {
  if (p.overdue) return 'Overdue: the date passed and no update has been sent since';
  if (p.state === 'kept') return `Kept${p.keptByUpdateId ? ` by update #${p.keptByUpdateId}` : ''}`;
  if (p.state === 'broken') return 'Broken: written to after the date';
  return 'Open';
}

const COLUMNS = ['promise_id', 'situation_id', 'situation', 'update_id', 'update_number', 'due_at', 'state', 'overdue', 'outcome', 'recipients', 'reached', 'kept_by_update_id', 'settled_at', 'reminders_sent'];

async function* promiseRecords(rows: PromiseView[]): AsyncGenerator<string[]> {
  for (const p of rows) {
    yield [
      String(p.id),
      String(p.situationId),
      p.situationTitle,
      String(p.updateId),
      p.updateNumber === null ? '' : String(p.updateNumber),
      p.dueAt,
      p.state,
      p.overdue ? 'yes' : 'no',
      outcome(p),
      String(p.recipients),
      String(p.reached),
      p.keptByUpdateId === null ? '' : String(p.keptByUpdateId),
      p.settledAt ?? '',
      p.reminders
        .filter((r) => r.sentAt)
        .map((r) => `${r.kind} ${r.sentAt}`)
        .join('; '),
    ];
  }
}

async function promisesCsv(c: Context<AppEnv>) {
  const state = parseState(c.req.query('state'));
  const { db } = c.get('deps');
  const actor = c.get('actor');
  await db.transaction().execute((tx) => recordAudit(tx, actor, { action: 'promises.export', details: { state: state ?? 'all', format: 'csv' } }));
  const rows = await listPromises(db, state);
  const now = new Date();
  const description = `tidings promises: ${state ? FILTER_WORDS[state].toLowerCase() : 'all'}; exported ${now.toISOString()} by ${actor.label}`;
  return c.body(csvStream(description, COLUMNS, promiseRecords(rows)), 200, csvDownloadHeaders('promises', now));
}

/** Every promise ever made, with how it ended: the record of "did we write again when we said we would". */
async function promisesPage(c: Context<AppEnv>) {
  const state = parseState(c.req.query('state'));
  const rows = await listPromises(c.get('deps').db, state);
  const kept = rows.filter((p) => p.state === 'kept').length;
  const broken = rows.filter((p) => p.state === 'broken').length;
  return c.html(
    <Layout title="Promises" user={c.get('user')} csrfToken={c.get('csrfToken')} section="promises">
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
                <td>
                  <a href={`/situations/${p.situationId}`}>{p.situationTitle}</a>
                </td>
                <td>
                  <a href={`/updates/${p.updateId}`}>{p.updateNumber ? `Update ${p.updateNumber}` : `Update #${p.updateId}`}</a>
                </td>
                <td>{formatDateTime(new Date(p.dueAt))}</td>
                <td>
                  <span class={`badge ${p.state === 'kept' ? 'ok' : p.state === 'open' ? 'warn' : 'bad'}`}>{outcome(p)}</span>
                </td>
                <td>{`${p.reached} of ${p.recipients}`}</td>
                <td>{p.settledAt ? formatDateTime(new Date(p.settledAt)) : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Layout>,
  );
}

export function promisesPages(app: Hono<AppEnv>): void {
  app.use('/promises', requirePermission('read'));
  app.use('/promises.csv', requirePermission('read'));
  app.get('/promises', promisesPage);
  app.get('/promises.csv', promisesCsv);
}
