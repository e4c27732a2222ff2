import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Db } from '../db/connection.ts';
import type { PromiseState } from '../db/types.ts';
import type { AppEnv } from '../app-env.ts';
import { requirePermission } from '../auth/middleware.ts';
import { errorResponses, jsonBody } from '../http/openapi.ts';

export const PROMISE_FILTERS = ['open', 'overdue', 'kept', 'broken'] as const;
export type PromiseFilter = (typeof PROMISE_FILTERS)[number];

const ReminderSchema = z
  .object({
    kind: z.enum(['due_soon', 'overdue']).openapi({ description: '"due_soon": before the date (the promise_reminder_hours setting); "overdue": once it passed unkept' }),
    sentAt: z.string().nullable().openapi({ description: 'When it went to the officers; null while it is still being sent or retried' }),
    recipients: z.number().int().openapi({ description: 'Officers it was sent to' }),
    lastError: z.string().nullable().openapi({ description: 'Why the last attempt failed, while unsent' }),
  })
  .openapi('PromiseReminder');

const PromiseSchema = z
  .object({
    id: z.number().int(),
    situationId: z.number().int(),
    situationTitle: z.string(),
    updateId: z.number().int(),
    updateNumber: z.number().int().nullable(),
    state: z.enum(['open', 'kept', 'broken']),
    overdue: z.boolean().openapi({ description: 'Broken and still waiting for the team: no update of the situation has been sent since the date passed' }),
    dueAt: z.string(),
    secondsLeft: z.number().int().openapi({ description: 'Time left until the due date; negative once it has passed' }),
    recipients: z.number().int(),
    reached: z.number().int().openapi({ description: 'Promised recipients a later update reached by the due date' }),
    keptByUpdateId: z.number().int().nullable(),
    settledAt: z.string().nullable(),
    reminders: z.array(ReminderSchema),
  })
  .openapi('Promise');

export type PromiseView = z.infer<typeof PromiseSchema>;

/** The stored states each filter lists: an overdue promise is broken on the record (see evaluate.ts). */
const STORED: Record<PromiseFilter, PromiseState[]> = { open: ['open'], overdue: ['overdue'], kept: ['kept'], broken: ['broken', 'overdue'] };

/** Promises in the given stored states (all when empty), soonest due first, with their reminders. */
export async function loadPromises(db: Db, states: PromiseState[], now = new Date(), options: { settledSince?: Date; limit?: number } = {}): Promise<PromiseView[]> {
  let q = db
    .selectFrom('promises as p')
    .innerJoin('situations as s', 's.id', 'p.situation_id')
    .innerJoin('updates as u', 'u.id', 'p.update_id')
    .select(['p.id', 'p.situation_id', 's.title', 'p.update_id', 'u.number', 'p.state', 'p.due_at', 'p.recipients', 'p.reached', 'p.kept_by_update_id', 'p.settled_at'])
    .orderBy('p.due_at')
    .orderBy('p.id');
  if (states.length > 0) q = q.where('p.state', 'in', states);
  if (options.settledSince) q = q.where('p.settled_at', '>=', options.settledSince);
  if (options.limit) q = q.limit(options.limit);
  const rows = await q.execute();
  const reminders = rows.length
    ? await db
        .selectFrom('promise_reminders')
        .select(['promise_id', 'kind', 'sent_at', 'recipients', 'last_error'])
        .where('promise_id', 'in', rows.map((r) => r.id))
        .orderBy('id')
        .execute()
    : [];
  return rows.map((r) => ({
    id: Number(r.id),
    situationId: Number(r.situation_id),
    situationTitle: r.title,
    updateId: Number(r.update_id),
    updateNumber: r.number,
    state: (r.state === 'overdue' ? 'broken' : r.state) as 'open' | 'kept' | 'broken',
    overdue: r.state === 'overdue',
    dueAt: r.due_at.toISOString(),
    secondsLeft: Math.round((r.due_at.getTime() - now.getTime()) / 1000),
    recipients: r.recipients,
    reached: r.reached,
    keptByUpdateId: r.kept_by_update_id === null ? null : Number(r.kept_by_update_id),
    settledAt: r.settled_at?.toISOString() ?? null,
    reminders: reminders
      .filter((m) => m.promise_id === r.id)
      .map((m) => ({ kind: m.kind, sentAt: m.sent_at?.toISOString() ?? null, recipients: Array.isArray(m.recipients) ? m.recipients.length : 0, lastError: m.sent_at ? null : m.last_error })),
  }));
}

/**
 * Promises, soonest due first. "overdue" lists the ones still waiting for the
 * team; "broken" lists every broken one, overdue or since followed up.
 */
export async function listPromises(db: Db, state: PromiseFilter | undefined, now = new Date()): Promise<PromiseView[]> {
  return loadPromises(db, state ? STORED[state] : [], now);
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
      request: { query: z.object({ state: z.enum(PROMISE_FILTERS).optional().openapi({ description: '"overdue": the date passed unkept and no update has been sent since; "broken": every promise whose date passed unkept, overdue or since followed up late' }) }) },
      responses: { 200: jsonBody(z.object({ promises: z.array(PromiseSchema) }), 'The promises'), ...errorResponses },
    }),
    async (c) => c.json({ promises: await listPromises(c.get('deps').db, c.req.valid('query').state) }, 200),
  );
}
