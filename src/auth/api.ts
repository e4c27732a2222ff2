import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../app-env.ts';
import { ErrorSchema, errorResponses, IdempotencyKeyHeader, IdParam, jsonBody } from '../http/openapi.ts';
import { idempotent } from '../http/idempotent.ts';
import { ROLES } from '../permissions.ts';
import { allow } from '../http/access.ts';
import { changeUser, createUser, listUsers, newUserSchema, userChangeSchema, type PublicUser, type UserListing } from './users.ts';

const UserSchema = z
  .object({
    id: z.number().int(),
    email: z.string(),
    name: z.string(),
    role: z.enum(ROLES),
    locale: z.string().openapi({ description: 'The language of this person’s pages and of the emails tidings sends them (promise reminders, audit anchors): en, nb, sv, nl or hu' }),
    created_at: z.string(),
    disabled_at: z.string().nullable().openapi({ description: 'Set while the user may not sign in; disabling ended their sessions and revoked their tokens for good' }),
    last_sign_in_at: z.string().nullable().openapi({ description: 'Their last sign-in on the web pages, from the audit record' }),
  })
  .openapi('User');

const USER_CHANGE_DESCRIPTION =
  'Only the fields given change. `disabled: true` ends every session and revokes every API token of the user at once; `disabled: false` lets them sign in again with their password, and brings no old session or token back. A role change applies from their next request. The last active admin cannot be disabled or demoted (409).';

function userJson(u: PublicUser | UserListing) {
  const lastSignIn = 'last_sign_in_at' in u ? u.last_sign_in_at : null;
  return { ...u, created_at: u.created_at.toISOString(), disabled_at: u.disabled_at?.toISOString() ?? null, last_sign_in_at: lastSignIn?.toISOString() ?? null };
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
  api.openapi(
    createRoute({
      method: 'patch',
      path: '/users/{id}',
      tags: ['Users'],
      summary: 'Change a user: role, name, language, disabled (admin)',
      security: [{ bearer: [] }],
      middleware: [allow('users:manage')] as const,
      request: { params: IdParam, body: { description: USER_CHANGE_DESCRIPTION, content: { 'application/json': { schema: userChangeSchema } }, required: true } },
      responses: {
        200: jsonBody(UserSchema, 'The user after the change'),
        404: jsonBody(ErrorSchema, 'No such user'),
        409: jsonBody(ErrorSchema, 'The change would leave no active admin'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const user = await changeUser(c.get('deps').db, c.get('actor'), { id: c.req.valid('param').id }, c.req.valid('json'));
      return c.json(userJson(user), 200);
    },
  );
}
