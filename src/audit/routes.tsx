import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context, Hono } from 'hono';
import { invalid } from '../errors.ts';
import { csvDownloadHeaders } from '../csv-stream.ts';
import type { AppEnv } from '../app-env.ts';
import { formatDateTime, Layout, TableHead } from '../http/layout.tsx';
import { requirePermission } from '../auth/middleware.ts';
import { errorResponses, jsonBody } from '../http/openapi.ts';
import { decodeCursor, encodeCursor } from '../db/cursor.ts';
import { verifyAuditChain, type VerifyResult } from './log.ts';
import { listAudit, type AuditFilter } from './queries.ts';
import { auditCsv, describeAuditFilter } from './export.ts';
import { recordAudit } from './log.ts';
import type { AuditEntry } from '../db/types.ts';

const AuditEntrySchema = z
  .object({
    id: z.number().int(),
    at: z.string(),
    actor: z.string(),
    action: z.string(),
    subjectType: z.string().nullable(),
    subjectId: z.string().nullable(),
    details: z.unknown(),
    hash: z.string(),
  })
  .openapi('AuditEntry');

const VerifySchema = z
  .object({
    intact: z.boolean(),
    entries: z.number().int(),
    brokenAt: z.object({ id: z.number().int(), reason: z.string() }).optional(),
  })
  .openapi('AuditVerification');

function entryJson(e: AuditEntry) {
  return { id: e.id, at: e.at.toISOString(), actor: e.actor, action: e.action, subjectType: e.subject_type, subjectId: e.subject_id, details: e.details, hash: e.hash };
}

const isCursor = (v: unknown): v is { before: number } => typeof v === 'object' && v !== null && Number.isSafeInteger((v as { before?: unknown }).before);

function parseDate(value: string | undefined, name: string): Date | undefined {
  if (!value) return undefined;
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) throw invalid(`${name} "${value}" is not a date (use ISO 8601, e.g. 2026-03-05 or 2026-03-05T09:00:00Z)`);
  return d;
}

function filterFrom(q: Record<string, string | undefined>): AuditFilter {
  const cursor = decodeCursor(q['cursor'], isCursor);
  if (q['cursor'] && !cursor) throw invalid('cursor is not one this API gave out');
  return {
    action: q['action'] || undefined,
    actor: q['actor'] || undefined,
    from: parseDate(q['from'], 'from'),
    to: parseDate(q['to'], 'to'),
    beforeId: cursor?.before,
    limit: q['limit'] ? Number(q['limit']) : 50,
  };
}

/** Streams the filtered log as CSV; the export itself goes on the record first (rule 9). */
async function auditExportResponse(c: Context<AppEnv>, q: Record<string, string | undefined>) {
  const { cursor: _cursor, limit: _limit, ...rest } = q;
  const filter = filterFrom(rest);
  const { db } = c.get('deps');
  const actor = c.get('actor');
  await db.transaction().execute((tx) =>
    recordAudit(tx, actor, { action: 'audit.export', details: { action: filter.action, actor: filter.actor, from: filter.from?.toISOString(), to: filter.to?.toISOString(), format: 'csv' } }),
  );
  const now = new Date();
  const description = `tidings audit log: ${describeAuditFilter(filter)}; exported ${now.toISOString()} by ${actor.label}`;
  return c.body(auditCsv(db, filter, description), 200, csvDownloadHeaders('audit', now));
}

export function auditApi(api: OpenAPIHono<AppEnv>): void {
  api.use('/audit', requirePermission('read'));
  api.use('/audit/*', requirePermission('read'));
  api.use('/audit.csv', requirePermission('read'));
  api.openapi(
    createRoute({
      method: 'get',
      path: '/audit.csv',
      tags: ['Audit'],
      summary: 'The audit log as CSV, newest first, streamed; the first line (starting with #) describes the filter',
      security: [{ bearer: [] }],
      request: {
        query: z.object({
          action: z.string().max(100).optional().openapi({ description: 'Action prefix, e.g. "contacts."' }),
          actor: z.string().max(200).optional(),
          from: z.string().optional().openapi({ description: 'ISO 8601 date or time, inclusive' }),
          to: z.string().optional().openapi({ description: 'ISO 8601 date or time, exclusive' }),
        }),
      },
      responses: { 200: { content: { 'text/csv': { schema: z.string() } }, description: 'CSV with a header row, including each entry\'s hashes' }, ...errorResponses },
    }),
    async (c) => auditExportResponse(c, c.req.valid('query')),
  );
  api.openapi(
    createRoute({
      method: 'get',
      path: '/audit',
      tags: ['Audit'],
      summary: 'The audit log, newest first, keyset-paginated',
      security: [{ bearer: [] }],
      request: {
        query: z.object({
          cursor: z.string().optional(),
          action: z.string().max(100).optional().openapi({ description: 'Action prefix, e.g. "contacts."' }),
          actor: z.string().max(200).optional(),
          from: z.string().optional().openapi({ description: 'ISO 8601 date or time, inclusive' }),
          to: z.string().optional().openapi({ description: 'ISO 8601 date or time, exclusive' }),
          limit: z.coerce.number().int().min(1).max(500).optional(),
        }),
      },
      responses: {
        200: jsonBody(z.object({ entries: z.array(AuditEntrySchema), nextCursor: z.string().nullable() }), 'One page of entries'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const page = await listAudit(c.get('deps').db, filterFrom({ ...q, limit: q.limit?.toString() }));
      return c.json({ entries: page.entries.map(entryJson), nextCursor: page.nextBeforeId ? encodeCursor({ before: page.nextBeforeId }) : null }, 200);
    },
  );
  api.openapi(
    createRoute({
      method: 'get',
      path: '/audit/verify',
      tags: ['Audit'],
      summary: 'Walk the hash chain and report the first broken link',
      security: [{ bearer: [] }],
      responses: { 200: jsonBody(VerifySchema, 'The result of the integrity check'), ...errorResponses },
    }),
    async (c) => c.json(await verifyAuditChain(c.get('deps').db), 200),
  );
}

function exportQuery(q: Record<string, string>): string {
  const p = new URLSearchParams();
  for (const k of ['action', 'actor', 'from', 'to']) if (q[k]) p.set(k, q[k]);
  return p.toString();
}

const VerifyNotice = ({ result }: { result: VerifyResult }) =>
  result.intact ? (
    <p class="flash" role="status" id="verify-result">
      Intact: {result.entries} entries, every link holds.
    </p>
  ) : (
    <p class="error" role="alert" id="verify-result">
      Broken at entry {result.brokenAt!.id}: {result.brokenAt!.reason}. {result.entries} entries before it are intact.
    </p>
  );

export function auditPages(app: Hono<AppEnv>): void {
  app.use('/audit', requirePermission('read'));
  app.use('/audit/*', requirePermission('read'));
  app.use('/audit.csv', requirePermission('read'));
  app.get('/audit.csv', (c) => auditExportResponse(c, c.req.query()));
  app.get('/audit', async (c) => {
    const q = c.req.query();
    const filter = filterFrom(q);
    const { db } = c.get('deps');
    const page = await listAudit(db, filter);
    const verified = q['verify'] ? await verifyAuditChain(db) : undefined;
    const next = page.nextBeforeId ? new URLSearchParams({ ...q, cursor: encodeCursor({ before: page.nextBeforeId }) }) : undefined;
    next?.delete('verify');
    return c.html(
      <Layout title="Audit log" user={c.get('user')} csrfToken={c.get('csrfToken')} section="audit">
        <h1>Audit log</h1>
        <p class="muted">Every change is recorded in the same transaction that makes it. Entries are hash chained and the database refuses to alter them.</p>
        <form method="get" action="/audit" class="card actions">
          <input type="hidden" name="verify" value="1" />
          <button type="submit">Check integrity</button>
          {verified ? <VerifyNotice result={verified} /> : null}
        </form>
        <form method="get" action="/audit" class="card">
          <div class="grid">
            <div>
              <label for="f-action">Action starts with</label>
              <input id="f-action" name="action" type="text" value={q['action'] ?? ''} placeholder="contacts." />
            </div>
            <div>
              <label for="f-actor">Actor contains</label>
              <input id="f-actor" name="actor" type="text" value={q['actor'] ?? ''} />
            </div>
            <div>
              <label for="f-from">From</label>
              <input id="f-from" name="from" type="text" value={q['from'] ?? ''} placeholder="2026-03-01" />
            </div>
            <div>
              <label for="f-to">Before</label>
              <input id="f-to" name="to" type="text" value={q['to'] ?? ''} placeholder="2026-04-01" />
            </div>
          </div>
          <div class="actions spaced">
            <button type="submit">Filter</button>
            <a href="/audit">Clear</a>
            <a href={`/audit.csv?${exportQuery(q)}`} download>
              Export these entries as CSV
            </a>
          </div>
        </form>
        <table>
          <caption class="visually-hidden">Audit entries, newest first</caption>
          <TableHead columns={['#', 'When', 'Who', 'Action', 'Subject', 'Details']} />
          <tbody>
            {page.entries.map((e) => (
              <tr>
                <td>{e.id}</td>
                <td>{formatDateTime(e.at)}</td>
                <td>{e.actor}</td>
                <td>
                  <code>{e.action}</code>
                </td>
                <td>{e.subject_type ? `${e.subject_type} ${e.subject_id ?? ''}` : '—'}</td>
                <td>
                  <code>{JSON.stringify(e.details)}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <nav class="pager" aria-label="Pages">
          <span />
          {next ? <a href={`/audit?${next.toString()}`}>Older entries →</a> : <span class="muted">End of the record</span>}
        </nav>
      </Layout>,
    );
  });
}
