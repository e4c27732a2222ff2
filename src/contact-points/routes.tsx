import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context, Hono } from 'hono';
import type { ContactPoint } from '../db/types.ts';
import { AppError } from '../errors.ts';
import type { AppEnv } from '../app-env.ts';
import { CsrfField, Layout, TableHead } from '../http/layout.tsx';
import { requirePermission } from '../auth/middleware.ts';
import { errorResponses, IdParam, jsonBody } from '../http/openapi.ts';
import {
  archiveContactPoint,
  contactPointInput,
  createContactPoint,
  getContactPoint,
  listContactPoints,
  listResponderCandidates,
  updateContactPoint,
} from './queries.ts';

const ContactPointSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    role: z.string(),
    email: z.string(),
    phone: z.string(),
    workingHours: z.string().nullable(),
    userId: z.number().int().nullable(),
  })
  .openapi('ContactPoint');

function json(cp: ContactPoint) {
  return { id: cp.id, name: cp.name, role: cp.role, email: cp.email, phone: cp.phone, workingHours: cp.working_hours, userId: cp.user_id };
}

export function contactPointsApi(api: OpenAPIHono<AppEnv>): void {
  api.use('/contact-points', async (c, next) => requirePermission(c.req.method === 'GET' ? 'read' : 'contact_points:write')(c, next));
  api.use('/contact-points/*', async (c, next) => requirePermission(c.req.method === 'GET' ? 'read' : 'contact_points:write')(c, next));
  api.openapi(
    createRoute({
      method: 'get',
      path: '/contact-points',
      tags: ['Contact points'],
      summary: 'List the named people customers can reach',
      security: [{ bearer: [] }],
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
      request: { body: { content: { 'application/json': { schema: contactPointInput } }, required: true } },
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
      security: [{ bearer: [] }],
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
      request: { params: IdParam },
      responses: { 204: { description: 'Archived' }, 404: jsonBody(z.any(), 'Not found'), ...errorResponses },
    }),
    async (c) => {
      await archiveContactPoint(c.get('deps').db, c.get('actor'), c.req.valid('param').id);
      return c.body(null, 204);
    },
  );
}

type Candidates = Awaited<ReturnType<typeof listResponderCandidates>>;

const ContactPointForm = (p: { action: string; csrfToken: string; values: Record<string, string>; candidates: Candidates; error?: string | undefined; submit: string }) => (
  <form method="post" action={p.action} class="stack card">
    <CsrfField token={p.csrfToken} />
    {p.error ? (
      <p class="error" role="alert" id="cp-error">
        {p.error}
      </p>
    ) : null}
    {(
      [
        ['name', 'Name', 'text', 'The person customers will see, e.g. Ingrid Dahl'],
        ['role', 'Role', 'text', 'e.g. Customer relations lead'],
        ['email', 'Direct email', 'email', 'Where this person can be reached directly'],
        ['phone', 'Phone', 'tel', 'A number customers can call, with country code'],
        ['workingHours', 'Working hours (optional)', 'text', 'e.g. Mon–Fri 09:00–16:00 CET'],
      ] as const
    ).map(([name, label, type, hint]) => (
      <div>
        <label for={`cp-${name}`}>{label}</label>
        <p class="hint" id={`cp-${name}-hint`}>
          {hint}
        </p>
        <input id={`cp-${name}`} name={name} type={type} required={name !== 'workingHours'} value={p.values[name] ?? ''} aria-describedby={`cp-${name}-hint`} />
      </div>
    ))}
    <div>
      <label for="cp-user">Answers in tidings as</label>
      <select id="cp-user" name="userId">
        <option value="">— nobody yet —</option>
        {p.candidates.map((u) => (
          <option value={String(u.id)} selected={p.values['userId'] === String(u.id)}>
            {u.name} ({u.role})
          </option>
        ))}
      </select>
    </div>
    <div class="actions">
      <button type="submit">{p.submit}</button>
    </div>
  </form>
);

function formValues(form: Record<string, unknown>): Record<string, string> {
  const v: Record<string, string> = {};
  for (const k of ['name', 'role', 'email', 'phone', 'workingHours', 'userId']) v[k] = typeof form[k] === 'string' ? (form[k] as string) : '';
  return v;
}

function toInput(v: Record<string, string>) {
  return { name: v['name'], role: v['role'], email: v['email'], phone: v['phone'], workingHours: v['workingHours'] || null, userId: v['userId'] ? Number(v['userId']) : null };
}

export function contactPointsPages(app: Hono<AppEnv>): void {
  app.use('/contact-points/*', async (c, next) => requirePermission(c.req.method === 'GET' ? 'read' : 'contact_points:write')(c, next));
  app.use('/contact-points', async (c, next) => requirePermission(c.req.method === 'GET' ? 'read' : 'contact_points:write')(c, next));

  const list = async (c: Context<AppEnv>, extra: { flash?: string; error?: string; values?: Record<string, string> } = {}) => {
    const { db } = c.get('deps');
    const [points, candidates] = await Promise.all([listContactPoints(db), listResponderCandidates(db)]);
    const user = c.get('user');
    const canWrite = user.role === 'officer' || user.role === 'admin';
    return c.html(
      <Layout title="Contact points" user={user} csrfToken={c.get('csrfToken')} section="contact-points" flash={extra.flash}>
        <h1>Contact points</h1>
        <p class="muted">The named people every update puts customers in touch with. Each update names one.</p>
        {points.length === 0 ? (
          <p>No contact points yet.</p>
        ) : (
          <table>
            <caption class="visually-hidden">Contact points</caption>
            <TableHead columns={['Name', 'Role', 'Email', 'Phone', 'Hours']} actions={canWrite} />
            <tbody>
              {points.map((p) => (
                <tr>
                  <td>{p.name}</td>
                  <td>{p.role}</td>
                  <td>{p.email}</td>
                  <td>{p.phone}</td>
                  <td>{p.working_hours ?? '—'}</td>
                  {canWrite ? (
                    <td>
                      <a href={`/contact-points/${p.id}/edit`}>Edit<span class="visually-hidden"> {p.name}</span></a>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {canWrite ? (
          <>
            <h2>Add a contact point</h2>
            <ContactPointForm action="/contact-points" csrfToken={c.get('csrfToken')} values={extra.values ?? {}} candidates={candidates} error={extra.error} submit="Add contact point" />
          </>
        ) : null}
      </Layout>,
    );
  };

  app.get('/contact-points', (c) => list(c));
  app.post('/contact-points', async (c) => {
    const values = formValues(await c.req.parseBody());
    try {
      const cp = await createContactPoint(c.get('deps').db, c.get('actor'), toInput(values));
      return list(c, { flash: `Added ${cp.name}.` });
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== 'validation_failed') throw err;
      c.status(400);
      return list(c, { error: err.message, values });
    }
  });

  const editPage = async (c: Context<AppEnv>, id: number, values?: Record<string, string>, error?: string) => {
    const { db } = c.get('deps');
    const cp = await getContactPoint(db, id);
    const v = values ?? { name: cp.name, role: cp.role, email: cp.email, phone: cp.phone, workingHours: cp.working_hours ?? '', userId: cp.user_id ? String(cp.user_id) : '' };
    return c.html(
      <Layout title={`Edit ${cp.name}`} user={c.get('user')} csrfToken={c.get('csrfToken')} section="contact-points">
        <h1>Edit {cp.name}</h1>
        <ContactPointForm action={`/contact-points/${id}`} csrfToken={c.get('csrfToken')} values={v} candidates={await listResponderCandidates(db)} error={error} submit="Save" />
        <form method="post" action={`/contact-points/${id}/archive`} data-confirm="Archive this contact point? Past updates keep naming them.">
          <CsrfField token={c.get('csrfToken')} />
          <button type="submit" class="secondary">
            Archive
          </button>
        </form>
      </Layout>,
    );
  };
  const idOf = (c: Context<AppEnv>) => {
    const id = Number(c.req.param('id'));
    if (!Number.isSafeInteger(id) || id <= 0) throw new AppError('not_found', 'no such contact point');
    return id;
  };
  app.get('/contact-points/:id/edit', (c) => editPage(c, idOf(c)));
  app.post('/contact-points/:id', async (c) => {
    const id = idOf(c);
    const values = formValues(await c.req.parseBody());
    try {
      const cp = await updateContactPoint(c.get('deps').db, c.get('actor'), id, toInput(values));
      return list(c, { flash: `Saved ${cp.name}.` });
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== 'validation_failed') throw err;
      c.status(400);
      return editPage(c, id, values, err.message);
    }
  });
  app.post('/contact-points/:id/archive', async (c) => {
    await archiveContactPoint(c.get('deps').db, c.get('actor'), idOf(c));
    return list(c, { flash: 'Contact point archived.' });
  });
}
