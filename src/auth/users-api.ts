import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../app-env.ts';
import { ErrorSchema, errorResponses, IdempotencyKeyHeader, jsonBody } from '../http/openapi.ts';
import { idempotent } from '../idempotency/middleware.ts';
import { ROLES } from '../permissions.ts';
import { allow } from './middleware.ts';
import { createUser, listUsers, newUserSchema, type PublicUser } from './users.ts';

const UserSchema = z
  .object({
    id: z.number().int(),
    email: z.string(),
    name: z.string(),
    role: z.enum(ROLES),
    locale: z.string().openapi({ description: 'The language of emails to this person (promise reminders)' }),
    created_at: z.string(),
    disabled_at: z.string().nullable(),
  })
  .openapi('User');

function userJson(u: PublicUser) {
  return { ...u, created_at: u.created_at.toISOString(), disabled_at: u.disabled_at?.toISOString() ?? null };
}

export function usersApi(api: OpenAPIHono<AppEnv>): void {
  api.openapi(
    createRoute({
      method: 'get',
      path: '/users',
      tags: ['Users'],
      summary: 'List users (admin)',
      security: [{ bearer: [] }],
      middleware: [allow('users:manage')] as const,
      responses: { 200: jsonBody(z.object({ users: z.array(UserSchema) }), 'All users'), ...errorResponses },
    }),
    async (c) => c.json({ users: (await listUsers(c.get('deps').db)).map(userJson) }, 200),
  );
  api.openapi(
    createRoute({
      method: 'post',
      path: '/users',
      tags: ['Users'],
      summary: 'Create a user (admin)',
      security: [{ bearer: [] }],
      middleware: [allow('users:manage'), idempotent()] as const,
      request: { headers: IdempotencyKeyHeader, body: { content: { 'application/json': { schema: newUserSchema } }, required: true } },
      responses: { 201: jsonBody(UserSchema, 'The new user'), 409: jsonBody(ErrorSchema, 'Email taken'), ...errorResponses },
    }),
    async (c) => {
      const user = await createUser(c.get('deps').db, c.get('actor'), c.req.valid('json'));
      return c.json(userJson(user), 201);
    },
  );
}
