import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context, Hono } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { allow } from '../http/access.ts';
import type { ContactPoint } from '../db/types.ts';
import { SUPPORTED_LOCALES } from '../config.ts';
import { AppError } from '../errors.ts';
import { t } from '../../i18n/current.ts';
import { variantsFromForm } from '../languages.ts';
import { showRefusal } from '../http/errors.tsx';
import { errorResponses, IdempotencyKeyHeader, IdParam, jsonBody } from '../http/openapi.ts';
import { idempotent } from '../http/idempotent.ts';
import { can } from '../permissions.ts';
import {
  archiveContactPoint,
  contactPointForEdit,
  contactPointInput,
  contactPointsOverview,
  createContactPoint,
  getContactPoint,
  listContactPoints,
  updateContactPoint,
} from './queries.ts';
import { ContactPointsPage, EditContactPointPage, type ContactPointValues } from './views.tsx';

const ContactPointSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    role: z.string(),
    roles: z.record(z.string(), z.string()).meta({ propertyNames: { enum: [...SUPPORTED_LOCALES] } }).openapi({ description: 'The role in other languages; a language without one reads `role`', example: { nb: 'Leder for medlemsservice' } }),
    email: z.string(),
    phone: z.string(),
    workingHours: z.string().nullable(),
    userId: z.number().int().nullable(),
  })
  .openapi('ContactPoint');

function json(cp: ContactPoint) {
  return { id: cp.id, name: cp.name, role: cp.role, roles: cp.roles as Record<string, string>, email: cp.email, phone: cp.phone, workingHours: cp.working_hours, userId: cp.user_id };
}

export function contactPointsApi(api: OpenAPIHono<AppEnv>): void {
  api.openapi(
    createRoute({
      method: 'get',
      path: '/contact-points',
      tags: ['Contact points'],
      summary: 'List the named people customers can reach',
      security: [{ bearer: [] }],
      middleware: [allow('read')] as const,
      responses: { 200: jsonBody(z.object({ contactPoints: z.array(ContactPointSchema) }), 'Active contact points'), ...errorResponses },
    }),
    async (c) => c.json({ contactPoints: (await listContactPoints(c.get('deps').db)).map(json) }, 200),
  );
  api.openapi(
    createRoute({
      method: 'post',
      path: '/contact-points',
      tags: ['Contact points'],
      summary: 'Create a contact point (name, role, email, phone)',
      security: [{ bearer: [] }],
      middleware: [allow('contact_points:write'), idempotent()] as const,
      request: { headers: IdempotencyKeyHeader, body: { content: { 'application/json': { schema: contactPointInput } }, required: true } },
      responses: { 201: jsonBody(ContactPointSchema, 'Created'), ...errorResponses },
    }),
    async (c) => c.json(json(await createContactPoint(c.get('deps').db, c.get('actor'), c.req.valid('json'))), 201),
  );
  api.openapi(
    createRoute({
      method: 'get',
      path: '/contact-points/{id}',
      tags: ['Contact points'],
      summary: 'One contact point',
      security: [{ bearer: [] }],
      middleware: [allow('read')] as const,
      request: { params: IdParam },
      responses: { 200: jsonBody(ContactPointSchema, 'The contact point'), 404: jsonBody(z.any(), 'Not found'), ...errorResponses },
    }),
    async (c) => c.json(json(await getContactPoint(c.get('deps').db, c.req.valid('param').id)), 200),
  );
  api.openapi(
    createRoute({
      method: 'put',
      path: '/contact-points/{id}',
      tags: ['Contact points'],
      summary: 'Replace a contact point',
      description: 'Every field is replaced, except `roles`, which is kept when left out.',
      security: [{ bearer: [] }],
      middleware: [allow('contact_points:write')] as const,
      request: { params: IdParam, body: { content: { 'application/json': { schema: contactPointInput } }, required: true } },
      responses: { 200: jsonBody(ContactPointSchema, 'Updated'), 404: jsonBody(z.any(), 'Not found'), ...errorResponses },
    }),
    async (c) => c.json(json(await updateContactPoint(c.get('deps').db, c.get('actor'), c.req.valid('param').id, c.req.valid('json'))), 200),
  );
  api.openapi(
    createRoute({
      method: 'delete',
      path: '/contact-points/{id}',
      tags: ['Contact points'],
      summary: 'Archive a contact point (kept on the record)',
      security: [{ bearer: [] }],
      middleware: [allow('contact_points:write')] as const,
      request: { params: IdParam },
      responses: { 204: { description: 'Archived' }, 404: jsonBody(z.any(), 'Not found'), ...errorResponses },
    }),
    async (c) => {
      await archiveContactPoint(c.get('deps').db, c.get('actor'), c.req.valid('param').id);
      return c.body(null, 204);
    },
  );
}

function formValues(form: Record<string, unknown>): ContactPointValues {
  const v: ContactPointValues = {};
  for (const k of ['name', 'role', 'email', 'phone', 'workingHours', 'userId', ...SUPPORTED_LOCALES.map((l) => `role_${l}`)]) v[k] = typeof form[k] === 'string' ? (form[k] as string) : '';
  return v;
}

function toInput(v: ContactPointValues) {
  return { name: v['name'], role: v['role'], roles: variantsFromForm(v, 'role'), email: v['email'], phone: v['phone'], workingHours: v['workingHours'] || null, userId: v['userId'] ? Number(v['userId']) : null };
}

function idOf(c: Context<AppEnv>): number {
  const id = Number(c.req.param('id'));
  if (!Number.isSafeInteger(id) || id <= 0) throw AppError.localized('not_found', 'contactPoints.noSuchContactPoint');
  return id;
}

async function listPage(c: Context<AppEnv>, extra: { flash?: string; error?: string; values?: ContactPointValues } = {}) {
  const { points, candidates } = await contactPointsOverview(c.get('deps').db);
  const user = c.get('user');
  return c.html(<ContactPointsPage points={points} candidates={candidates} user={user} csrfToken={c.get('csrfToken')} canWrite={can(user.role, 'contact_points:write')} {...extra} />);
}

async function editPage(c: Context<AppEnv>, id: number, extra: { values?: ContactPointValues; error?: string } = {}) {
  const { contactPoint, candidates } = await contactPointForEdit(c.get('deps').db, id);
  return c.html(<EditContactPointPage contactPoint={contactPoint} candidates={candidates} user={c.get('user')} csrfToken={c.get('csrfToken')} {...extra} />);
}

export function contactPointsPages(app: Hono<AppEnv>): void {
  app.get('/contact-points', allow('read'), (c) => listPage(c));

  app.post('/contact-points', allow('contact_points:write'), async (c) => {
    const values = formValues(await c.req.parseBody());
    try {
      const cp = await createContactPoint(c.get('deps').db, c.get('actor'), toInput(values));
      return listPage(c, { flash: t('contactPoints.flashAdded', { name: cp.name }) });
    } catch (err) {
      return showRefusal(c, err, ['validation_failed', 'invalid_input'], (refusal) => listPage(c, { error: refusal.message, values }));
    }
  });

  app.get('/contact-points/:id/edit', allow('read'), (c) => editPage(c, idOf(c)));

  app.post('/contact-points/:id', allow('contact_points:write'), async (c) => {
    const id = idOf(c);
    const values = formValues(await c.req.parseBody());
    try {
      const cp = await updateContactPoint(c.get('deps').db, c.get('actor'), id, toInput(values));
      return listPage(c, { flash: t('contactPoints.flashSaved', { name: cp.name }) });
    } catch (err) {
      return showRefusal(c, err, ['validation_failed', 'invalid_input'], (refusal) => editPage(c, id, { values, error: refusal.message }));
    }
  });

  app.post('/contact-points/:id/archive', allow('contact_points:write'), async (c) => {
    await archiveContactPoint(c.get('deps').db, c.get('actor'), idOf(c));
    return listPage(c, { flash: t('contactPoints.flashArchived') });
  });
}
