import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../app-env.ts';
import { allow } from '../http/access.ts';
import { errorResponses, jsonBody } from '../http/openapi.ts';
import { listPromises, PROMISE_FILTERS } from './queries.ts';

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
    state: z.enum(['open', 'kept', 'broken']),
    overdue: z.boolean().openapi({ description: 'Broken and still waiting for the team: no update of the situation has been sent since the date passed' }),
    dueAt: z.string(),
    secondsLeft: z.number().int().openapi({ description: 'Time left until the due date; negative once it has passed' }),
    recipients: z.number().int().openapi({ description: 'Recipients promised: those the release queued the update for (the promise is made by the release); once the update is sent, those it reached' }),
    reached: z.number().int().openapi({ description: 'Promised recipients a later update reached by the due date' }),
    updateNumber: z.number().int().nullable().openapi({ description: 'The number customers saw on the promising update ("Update 2"), within its situation; updateId is its id' }),
    keptByUpdateId: z.number().int().nullable(),
    keptByUpdateNumber: z.number().int().nullable().openapi({ description: 'The number customers saw on the update that kept it, within the same situation' }),
    settledAt: z.string().nullable(),
    reminders: z.array(ReminderSchema),
  })
  .openapi('Promise');

export function promisesApi(api: OpenAPIHono<AppEnv>): void {
  api.openapi(
    createRoute({
      method: 'get',
      path: '/promises',
      middleware: [allow('read')] as const,
      tags: ['Promises'],
      summary: 'Next-update promises made to recipients, soonest due first',
      security: [{ bearer: [] }],
      request: { query: z.object({ state: z.enum(PROMISE_FILTERS).optional().openapi({ description: '"overdue": the date passed unkept and no update has been sent since; "broken": every promise whose date passed unkept, overdue or since followed up late' }) }) },
      responses: { 200: jsonBody(z.object({ promises: z.array(PromiseSchema) }), 'The promises'), ...errorResponses },
    }),
    async (c) => c.json({ promises: await listPromises(c.get('deps').db, c.req.valid('query').state) }, 200),
  );
}
