import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context, Hono } from 'hono';
import { recordAudit, type Actor } from '../audit/log.ts';
import type { Db } from '../db/connection.ts';
import { csvDownloadHeaders } from '../csv-stream.ts';
import type { AppEnv } from '../app-env.ts';
import { formatDateTime, Layout, TableHead } from '../http/layout.tsx';
import { requirePermission } from '../auth/middleware.ts';
import { errorResponses, jsonBody } from '../http/openapi.ts';
import { encodeCursor } from '../db/cursor.ts';
import { historyCsv } from './export.ts';
import { HistoryQuery, historyParams, parseHistoryQuery } from './filter.ts';
import { DELIVERY_STATUS_LABELS, DELIVERY_STATUSES } from '../deliveries/state.ts';
import type { DeliveryStatus } from '../db/types.ts';
import { contactIdsFor, describeFilter, listHistory, type HistoryFilter, type HistoryRow } from './queries.ts';

const HistoryRowSchema = z
  .object({
    id: z.number().int(),
    updateId: z.number().int(),
    updateNumber: z.number().int().nullable(),
    situationId: z.number().int(),
    situationTitle: z.string(),
    email: z.string(),
    name: z.string(),
    locale: z.string().openapi({ description: 'The locale variant sent' }),
    timezone: z.string(),
    status: z.enum(DELIVERY_STATUSES),
    reason: z.string().nullable(),
    bounceType: z.string().nullable(),
    subject: z.string().nullable().openapi({ description: 'The exact subject sent' }),
    bodyHash: z.string().nullable().openapi({ description: 'SHA-256 of the exact HTML body sent' }),
    contactPoint: z.string().nullable(),
    promisedAt: z.string().nullable(),
    releasedAt: z.string(),
    sentAt: z.string().nullable(),
    lastEventAt: z.string().nullable(),
    providerId: z.string().nullable(),
  })
  .openapi('Delivery');

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function rowJson(r: HistoryRow) {
  return { ...r, status: r.status as (typeof DELIVERY_STATUSES)[number], promisedAt: iso(r.promisedAt), releasedAt: r.releasedAt.toISOString(), sentAt: iso(r.sentAt), lastEventAt: iso(r.lastEventAt) };
}

/** An export is on the record (rule 9). The address searched for is kept as contact ids, so an erasure leaves nothing behind. */
async function auditExport(db: Db, actor: Actor, filter: HistoryFilter): Promise<void> {
  const contactIds = filter.email ? await contactIdsFor(db, filter.email) : undefined;
  const { email: _email, ...rest } = filter;
  await db.transaction().execute((tx) =>
    recordAudit(tx, actor, {
      action: 'history.export',
      subjectType: 'deliveries',
      details: { ...rest, from: rest.from?.toISOString(), to: rest.to?.toISOString(), ...(contactIds ? { contactIds } : {}), format: 'csv' },
    }),
  );
}

async function exportResponse(c: Context<AppEnv>, q: Record<string, string | undefined>) {
  const { filter } = parseHistoryQuery(q);
  const { db } = c.get('deps');
  await auditExport(db, c.get('actor'), filter);
  const now = new Date();
  const description = `tidings send history: ${describeFilter(filter)}; exported ${now.toISOString()} by ${c.get('actor').label}`;
  return c.body(historyCsv(db, filter, description), 200, csvDownloadHeaders('history', now));
}

export function historyApi(api: OpenAPIHono<AppEnv>): void {
  api.use('/deliveries', requirePermission('read'));
  api.use('/deliveries.csv', requirePermission('read'));
  api.openapi(
    createRoute({
      method: 'get',
      path: '/deliveries',
      tags: ['History'],
      summary: 'Send history: one row per (update, recipient), newest update first, keyset-paginated',
      security: [{ bearer: [] }],
      request: { query: HistoryQuery },
      responses: { 200: jsonBody(z.object({ deliveries: z.array(HistoryRowSchema), nextCursor: z.string().nullable() }), 'One page of deliveries'), ...errorResponses },
    }),
    async (c) => {
      const { filter, cursor, limit } = parseHistoryQuery(c.req.valid('query'));
      const page = await listHistory(c.get('deps').db, filter, cursor, limit);
      return c.json({ deliveries: page.rows.map(rowJson), nextCursor: page.next ? encodeCursor(page.next) : null }, 200);
    },
  );
  api.openapi(
    createRoute({
      method: 'get',
      path: '/deliveries.csv',
      tags: ['History'],
      summary: 'The same history as CSV, streamed row by row; the first line (starting with #) describes the filter',
      security: [{ bearer: [] }],
      request: { query: HistoryQuery.omit({ cursor: true, limit: true }) },
      responses: { 200: { content: { 'text/csv': { schema: z.string() } }, description: 'CSV with a header row' }, ...errorResponses },
    }),
    async (c) => exportResponse(c, c.req.valid('query')),
  );
}


function recordHref(r: HistoryRow): string {
  return `/updates/${r.updateId}/recipient?${new URLSearchParams({ email: r.email }).toString()}`;
}

async function historyPage(c: Context<AppEnv>) {
  const q = c.req.query();
  const { filter, cursor, limit } = parseHistoryQuery(q, 100);
  const { db } = c.get('deps');
  const [page, situations] = await Promise.all([
    listHistory(db, filter, cursor, limit),
    db.selectFrom('situations').select(['id', 'title']).orderBy('id', 'desc').limit(500).execute(),
  ]);
  const exportHref = `/history.csv?${historyParams(filter).toString()}`;
  const nextHref = page.next ? `/history?${historyParams(filter, page.next).toString()}` : null;
  const dateValue = (d: Date | undefined) => (d ? d.toISOString() : '');
  return c.html(
    <Layout title="Send history" user={c.get('user')} csrfToken={c.get('csrfToken')} section="history">
      <h1>Send history</h1>
      <p class="muted">Every recipient of every released update: what was sent, in which language, naming whom and promising what, and what happened to it.</p>
      <form method="get" action="/history" class="card" role="search" aria-label="Filter the send history">
        <div class="grid">
          <div>
            <label for="h-email">Customer email</label>
            <input id="h-email" name="email" type="email" value={filter.email ?? ''} autocomplete="off" />
          </div>
          <div>
            <label for="h-situation">Situation</label>
            <select id="h-situation" name="situation">
              <option value="">All situations</option>
              {situations.map((s) => (
                <option value={String(s.id)} selected={filter.situationId === s.id}>
                  {s.title}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label for="h-update">Update id</label>
            <input id="h-update" name="update" type="text" inputmode="numeric" value={filter.updateId?.toString() ?? ''} />
          </div>
          <div>
            <label for="h-status">State</label>
            <select id="h-status" name="status">
              <option value="">Any state</option>
              {DELIVERY_STATUSES.map((s) => (
                <option value={s} selected={filter.status === s}>
                  {DELIVERY_STATUS_LABELS[s]}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label for="h-from">Sent from</label>
            <input id="h-from" name="from" type="text" value={dateValue(filter.from)} placeholder="2026-03-01" />
          </div>
          <div>
            <label for="h-to">Sent before</label>
            <input id="h-to" name="to" type="text" value={dateValue(filter.to)} placeholder="2026-04-01" />
          </div>
        </div>
        <div class="actions spaced">
          <button type="submit">Filter</button>
          <a href="/history">Clear</a>
          <a href={exportHref} download>
            Export this view as CSV
          </a>
        </div>
      </form>
      <p id="history-filter">
        Showing: <strong>{describeFilter(filter)}</strong>
        {cursor ? ' (continued)' : ''}
      </p>
      {page.rows.length === 0 ? (
        <p class="muted">No delivery matches this filter.</p>
      ) : (
        <table>
          <caption class="visually-hidden">Deliveries, newest update first</caption>
          <TableHead columns={['Recipient', 'Update', 'Language', 'State', 'Subject sent', 'Contact point', 'Promised next update', 'Sent']} />
          <tbody>
            {page.rows.map((r) => (
              <tr>
                <td>
                  <a href={recordHref(r)}>{r.email}</a>
                  <br />
                  <span class="muted">{r.name}</span>
                </td>
                <td>
                  {r.situationTitle} · update {r.updateNumber ?? `#${r.updateId}`}
                </td>
                <td>{r.locale}</td>
                <td>
                  {DELIVERY_STATUS_LABELS[r.status as DeliveryStatus] ?? r.status}
                  {r.bounceType ? ` (${r.bounceType})` : ''}
                  {r.reason ? <span class="muted"> {r.reason}</span> : null}
                </td>
                <td>{r.subject ?? '—'}</td>
                <td>{r.contactPoint ?? '—'}</td>
                <td>{formatDateTime(r.promisedAt)}</td>
                <td>{formatDateTime(r.sentAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <nav class="pager" aria-label="Pages">
        {cursor ? <a href={`/history?${historyParams(filter).toString()}`}>← Newest</a> : <span />}
        {nextHref ? <a href={nextHref}>Older deliveries →</a> : <span class="muted">End of the history</span>}
      </nav>
    </Layout>,
  );
}

export function historyPages(app: Hono<AppEnv>): void {
  app.use('/history', requirePermission('read'));
  app.use('/history.csv', requirePermission('read'));
  app.get('/history', historyPage);
  app.get('/history.csv', (c) => exportResponse(c, c.req.query()));
}
