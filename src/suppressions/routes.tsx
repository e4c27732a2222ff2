import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context, Hono } from 'hono';
import { can } from '../permissions.ts';
import { AppError, invalid } from '../errors.ts';
import type { AppEnv } from '../app-env.ts';
import { CsrfField, formatDateTime, Layout } from '../http/layout.tsx';
import { requirePermission } from '../auth/middleware.ts';
import { errorResponses, jsonBody } from '../http/openapi.ts';
import { decodeCursor, encodeCursor } from '../db/cursor.ts';
import { isSuppressionCursor, liftSuppression, listSuppressions, type Suppression } from './queries.ts';

const SuppressionSchema = z
  .object({
    email: z.string(),
    reason: z.enum(['bounced', 'complained', 'manual']),
    source: z.string().nullable().openapi({ description: 'What added it: the provider event id for a bounce or complaint' }),
    createdAt: z.string(),
  })
  .openapi('Suppression');

const json = (s: Suppression) => ({ email: s.email, reason: s.reason, source: s.source, createdAt: s.createdAt.toISOString() });

function cursorOf(value: string | undefined) {
  const after = decodeCursor(value, isSuppressionCursor);
  if (value && !after) throw invalid('cursor is not one this API gave out');
  return after;
}

export function suppressionsApi(api: OpenAPIHono<AppEnv>): void {
  api.use('/suppressions', requirePermission('read'));
  api.use('/suppressions/*', async (c, next) => requirePermission(c.req.method === 'GET' ? 'read' : 'users:manage')(c, next));
  api.openapi(
    createRoute({
      method: 'get',
      path: '/suppressions',
      tags: ['Suppressions'],
      summary: 'Addresses tidings will not mail (after a hard bounce, a complaint, or by hand), newest first',
      security: [{ bearer: [] }],
      request: {
        query: z.object({
          cursor: z.string().optional(),
          q: z.string().max(200).optional().openapi({ description: 'Part of the address' }),
          limit: z.coerce.number().int().min(1).max(500).optional(),
        }),
      },
      responses: { 200: jsonBody(z.object({ suppressions: z.array(SuppressionSchema), nextCursor: z.string().nullable() }), 'One page'), ...errorResponses },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const page = await listSuppressions(c.get('deps').db, { after: cursorOf(q.cursor), limit: q.limit, search: q.q });
      return c.json({ suppressions: page.suppressions.map(json), nextCursor: page.next ? encodeCursor(page.next) : null }, 200);
    },
  );
  api.openapi(
    createRoute({
      method: 'delete',
      path: '/suppressions/{email}',
      tags: ['Suppressions'],
      summary: 'Lift a suppression (admin): the address may be mailed again. The reason is audited.',
      security: [{ bearer: [] }],
      request: {
        params: z.object({ email: z.string().min(3).max(320).openapi({ param: { name: 'email', in: 'path' }, example: 'ana@example.org' }) }),
        body: { content: { 'application/json': { schema: z.object({ reason: z.string().trim().min(1).max(1000) }) } }, required: true },
      },
      responses: { 200: jsonBody(z.object({ lifted: SuppressionSchema }), 'Lifted'), 404: jsonBody(z.any(), 'Not suppressed'), ...errorResponses },
    }),
    async (c) => {
      const lifted = await liftSuppression(c.get('deps').db, c.get('actor'), c.req.valid('param').email, c.req.valid('json').reason, c.get('deps').config.secret);
      return c.json({ lifted: json(lifted) }, 200);
    },
  );
}

const REASON_LABELS: Record<Suppression['reason'], string> = { bounced: 'Hard bounce', complained: 'Marked as spam', manual: 'Added by hand' };

export function suppressionsPages(app: Hono<AppEnv>): void {
  app.use('/suppressions', requirePermission('read'));
  app.use('/suppressions/*', async (c, next) => requirePermission(c.req.method === 'GET' ? 'read' : 'users:manage')(c, next));

  const list = async (c: Context<AppEnv>, extra: { flash?: string; error?: string; values?: { email: string; reason: string } } = {}) => {
    const q = c.req.query();
    const page = await listSuppressions(c.get('deps').db, { after: cursorOf(q['cursor']), search: q['q'] || undefined });
    const user = c.get('user');
    const admin = can(user.role, 'users:manage');
    const next = page.next ? new URLSearchParams({ ...(q['q'] ? { q: q['q'] } : {}), cursor: encodeCursor(page.next) }) : undefined;
    return c.html(
      <Layout title="Suppressions" user={user} csrfToken={c.get('csrfToken')} section="suppressions" flash={extra.flash}>
        <h1>Suppressions</h1>
        <p class="muted">Addresses tidings will not mail: after a hard bounce or a complaint, or added by hand. Every release leaves them out and says so.</p>
        {extra.error ? (
          <p class="error" role="alert" id="lift-error">
            {extra.error}
          </p>
        ) : null}
        <form method="get" action="/suppressions" class="actions" role="search">
          <label for="sup-q">Find an address</label>
          <input id="sup-q" name="q" type="search" value={q['q'] ?? ''} />
          <button type="submit" class="secondary">
            Search
          </button>
        </form>
        {page.suppressions.length === 0 ? (
          <p id="no-suppressions">No suppressed addresses{q['q'] ? ' match' : ''}.</p>
        ) : (
          <table id="suppressions">
            <caption class="visually-hidden">Suppressed addresses</caption>
            <thead>
              <tr>
                <th scope="col">Email</th>
                <th scope="col">Why</th>
                <th scope="col">Source</th>
                <th scope="col">Since</th>
                {admin ? <th scope="col">Lift</th> : null}
              </tr>
            </thead>
            <tbody>
              {page.suppressions.map((s, i) => (
                <tr>
                  <td>{s.email}</td>
                  <td>{REASON_LABELS[s.reason]}</td>
                  <td>{s.source ?? '—'}</td>
                  <td>{formatDateTime(s.createdAt)}</td>
                  {admin ? (
                    <td>
                      <form method="post" action="/suppressions/lift" class="inline">
                        <CsrfField token={c.get('csrfToken')} />
                        <input type="hidden" name="email" value={s.email} />
                        <label for={`lift-reason-${i}`}>
                          Reason<span class="visually-hidden"> for lifting {s.email}</span>
                        </label>
                        <input id={`lift-reason-${i}`} name="reason" type="text" required maxlength={1000} value={extra.values?.email === s.email ? extra.values.reason : ''} />
                        <button type="submit" class="secondary">
                          Lift<span class="visually-hidden"> the suppression of {s.email}</span>
                        </button>
                      </form>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {next ? (
          <p>
            <a href={`/suppressions?${next.toString()}`}>Older suppressions</a>
          </p>
        ) : null}
      </Layout>,
    );
  };

  app.get('/suppressions', (c) => list(c));
  app.post('/suppressions/lift', async (c) => {
    const form = await c.req.parseBody();
    const email = typeof form['email'] === 'string' ? form['email'] : '';
    const reason = typeof form['reason'] === 'string' ? form['reason'] : '';
    try {
      const lifted = await liftSuppression(c.get('deps').db, c.get('actor'), email, reason, c.get('deps').config.secret);
      return list(c, { flash: `Lifted the suppression of ${lifted.email}. Later updates may be sent to this address again.` });
    } catch (err) {
      if (!(err instanceof AppError) || (err.code !== 'validation_failed' && err.code !== 'not_found')) throw err;
      c.status(err.status);
      return list(c, { error: err.message, values: { email, reason } });
    }
  });
}
