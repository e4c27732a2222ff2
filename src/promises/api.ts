import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Db } from '../db/connection.ts';
import type { AppEnv } from '../http/context.ts';
import { requirePermission } from '../http/middleware.ts';
import { errorResponses, jsonBody } from '../http/openapi.ts';

export const PROMISE_FILTERS = ['open', 'overdue', 'kept', 'broken'] as const;
export type PromiseFilter = (typeof PROMISE_FILTERS)[number];

const PromiseSchema = z
  .object({
    id: z.number().int(),
    situationId: z.number().int(),
    situationTitle: z.string(),
    updateId: z.number().int(),
    state: z.enum(['open', 'kept', 'broken']),
    overdue: z.boolean(),
    dueAt: z.string(),
    secondsLeft: z.number().int().openapi({ description: 'Time left until the due date; negative once it has passed' }),
    recipients: z.number().int(),
    reached: z.number().int().openapi({ description: 'Promised recipients a later update reached by the due date' }),
    keptByUpdateId: z.number().int().nullable(),
    settledAt: z.string().nullable(),
  })
  .openapi('Promise');

/** Promises, soonest due first. "overdue" lists the broken ones (see evaluate.ts). */
export async function listPromises(db: Db, state: PromiseFilter | undefined, now = new Date()) {
  let q = db
    .selectFrom('promises as p')
    .innerJoin('situations as s', 's.id', 'p.situation_id')
    .select(['p.id', 'p.situation_id', 's.title', 'p.update_id', 'p.state', 'p.due_at', 'p.recipients', 'p.reached', 'p.kept_by_update_id', 'p.settled_at'])
    .orderBy('p.due_at')
    .orderBy('p.id');
  if (state) q = q.where('p.state', 'in', state === 'overdue' ? ['broken', 'overdue'] : state === 'broken' ? ['broken', 'overdue'] : [state]);
  const rows = await q.execute();
  return rows.map((r) => ({
    id: Number(r.id),
    situationId: Number(r.situation_id),
    situationTitle: r.title,
    updateId: Number(r.update_id),
    state: (r.state === 'overdue' ? 'broken' : r.state) as 'open' | 'kept' | 'broken',
    overdue: r.state === 'broken' || r.state === 'overdue',
    dueAt: r.due_at.toISOString(),
    secondsLeft: Math.round((r.due_at.getTime() - now.getTime()) / 1000),
    recipients: r.recipients,
    reached: r.reached,
    keptByUpdateId: r.kept_by_update_id === null ? null : Number(r.kept_by_update_id),
    settledAt: r.settled_at?.toISOString() ?? null,
  }));
}

export function promisesApi(api: OpenAPIHono<AppEnv>): void {
  api.use('/promises', requirePermission('read'));
  api.openapi(
    createRoute({
      method: 'get',
      path: '/promises',
      tags: ['Promises'],
      summary: 'Next-update promises made to recipients, soonest due first',
      security: [{ bearer: [] }],
      request: { query: z.object({ state: z.enum(PROMISE_FILTERS).optional().openapi({ description: '"overdue" lists the promises whose date passed unkept (the broken ones)' }) }) },
      responses: { 200: jsonBody(z.object({ promises: z.array(PromiseSchema) }), 'The promises'), ...errorResponses },
    }),
    async (c) => c.json({ promises: await listPromises(c.get('deps').db, c.req.valid('query').state) }, 200),
  );
}
