import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context, Hono } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { allow } from '../http/access.ts';
import { decodeCursor, encodeCursor } from '../db/cursor.ts';
import { showRefusal } from '../http/errors.tsx';
import { errorResponses, jsonBody } from '../http/openapi.ts';
import { can } from '../permissions.ts';
import { SUPPRESSION_CURSOR, liftSuppression, listSuppressions, type Suppression } from './queries.ts';
import { SuppressionsPage } from './suppressions-page.tsx';
import { t } from '../../i18n/current.ts';

const SuppressionSchema = z
  .object({
    email: z.string(),
    reason: z.enum(['bounced', 'complained', 'manual']),
    source: z.string().nullable().openapi({ description: 'What added it: the provider event id for a bounce or complaint' }),
    createdAt: z.string(),
  })
  .openapi('Suppression');

const json = (s: Suppression) => ({ email: s.email, reason: s.reason, source: s.source, createdAt: s.createdAt.toISOString() });

const cursorOf = (value: string | undefined) => decodeCursor(value, SUPPRESSION_CURSOR);

export function suppressionsApi(api: OpenAPIHono<AppEnv>): void {
  api.openapi(
    createRoute({
      method: 'get',
      path: '/suppressions',
      tags: ['Suppressions'],
      summary: 'Addresses tidings will not mail (after a hard bounce, a complaint, or by hand), newest first',
      security: [{ bearer: [] }],
      middleware: [allow('read')] as const,
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
      middleware: [allow('users:manage')] as const,
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

type SuppressionsPageExtra = { flash?: string; error?: string; values?: { email: string; reason: string } };

async function suppressionsPage(c: Context<AppEnv>, extra: SuppressionsPageExtra = {}) {
  const search = c.req.query('q') || undefined;
  const page = await listSuppressions(c.get('deps').db, { after: cursorOf(c.req.query('cursor')), search });
  const user = c.get('user');
  return c.html(
    <SuppressionsPage
      suppressions={page.suppressions}
      search={search}
      nextCursor={page.next ? encodeCursor(page.next) : undefined}
      canLift={can(user.role, 'users:manage')}
      user={user}
      csrfToken={c.get('csrfToken')}
      {...extra}
    />,
  );
}

export function suppressionsPages(app: Hono<AppEnv>): void {
  app.get('/suppressions', allow('read'), (c) => suppressionsPage(c));
  app.post('/suppressions/lift', allow('users:manage'), async (c) => {
    const form = await c.req.parseBody();
    const email = typeof form['email'] === 'string' ? form['email'] : '';
    const reason = typeof form['reason'] === 'string' ? form['reason'] : '';
    try {
      const lifted = await liftSuppression(c.get('deps').db, c.get('actor'), email, reason, c.get('deps').config.secret);
      return suppressionsPage(c, { flash: t('suppressions.lifted', { email: lifted.email }) });
    } catch (err) {
      return showRefusal(c, err, ['validation_failed', 'not_found'], (refusal) => suppressionsPage(c, { error: refusal.message, values: { email, reason } }));
    }
  });
}
