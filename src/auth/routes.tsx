import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context, Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { AppError } from '../errors.ts';
import type { AppEnv } from '../app-env.ts';
import { CsrfField, FieldError, formatDateTime, Layout, TableHead } from '../http/layout.tsx';
import { requirePermission, SESSION_COOKIE } from './middleware.ts';
import { isHttps } from '../http/middleware.ts';
import { ErrorSchema, jsonBody, errorResponses } from '../http/openapi.ts';
import { ROLES } from '../permissions.ts';
import { SUPPORTED_LOCALES } from '../config.ts';

const LOCALE_NAMES: Record<(typeof SUPPORTED_LOCALES)[number], string> = { en: 'English', nb: 'Norsk bokmål', sv: 'Svenska', nl: 'Nederlands', hu: 'Magyar' };
import { closeSession, openSession, recordFailedLogin, SESSION_HOURS, sessionUser } from './sessions.ts';
import { createToken, listTokens, revokeToken } from './tokens.ts';
import { checkPassword, createUser, listUsers, newUserSchema, type PublicUser } from './users.ts';

// Slows password guessing per address; a per-process window is enough to make
// online guessing impractical without locking real users out for long.
const failures = new Map<string, { count: number; until: number }>();
const MAX_FAILURES = 5;
const LOCK_MS = 15 * 60_000;

function safeNext(next: string | undefined): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

const LoginPage = (p: { csrfToken: string; next: string; email?: string; error?: string }) => (
  <Layout title="Sign in">
    <div class="card login-card">
      <h1>Sign in to tidings</h1>
      {p.error ? (
        <p class="error" role="alert" id="login-error">
          {p.error}
        </p>
      ) : null}
      <form method="post" action="/login" class="stack">
        <CsrfField token={p.csrfToken} />
        <input type="hidden" name="next" value={p.next} />
        <div>
          <label for="email">Email</label>
          <input id="email" name="email" type="email" autocomplete="username" required value={p.email ?? ''} aria-describedby={p.error ? 'login-error' : undefined} />
        </div>
        <div>
          <label for="password">Password</label>
          <input id="password" name="password" type="password" autocomplete="current-password" required />
        </div>
        <div class="actions">
          <button type="submit">Sign in</button>
        </div>
      </form>
    </div>
  </Layout>
);

export function authPages(app: Hono<AppEnv>): void {
  app.get('/login', (c) => c.html(<LoginPage csrfToken={c.get('csrfToken')} next={safeNext(c.req.query('next'))} />));

  app.post('/login', async (c) => {
    const { db } = c.get('deps');
    const form = await c.req.parseBody();
    const email = String(form['email'] ?? '').trim();
    const password = String(form['password'] ?? '');
    const next = safeNext(String(form['next'] ?? '/'));
    const key = email.toLowerCase();
    const state = failures.get(key);
    if (state && state.count >= MAX_FAILURES && state.until > Date.now()) {
      c.status(429);
      return c.html(<LoginPage csrfToken={c.get('csrfToken')} next={next} email={email} error="Too many failed attempts for this address. Wait 15 minutes and try again." />);
    }
    const ip = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
    const user = email && password ? await checkPassword(db, email, password) : undefined;
    if (!user) {
      failures.set(key, { count: (state && state.until > Date.now() ? state.count : 0) + 1, until: Date.now() + LOCK_MS });
      await recordFailedLogin(db, email, ip);
      c.status(401);
      return c.html(<LoginPage csrfToken={c.get('csrfToken')} next={next} email={email} error="That email and password do not match an active account." />);
    }
    failures.delete(key);
    const token = await openSession(db, user, { ip });
    setCookie(c, SESSION_COOKIE, token, { httpOnly: true, sameSite: 'Lax', secure: isHttps(c), path: '/', maxAge: SESSION_HOURS * 3600 });
    return c.redirect(next, 303);
  });

  app.post('/logout', async (c) => {
    const token = getCookie(c, SESSION_COOKIE);
    const { db } = c.get('deps');
    if (token) {
      const user = await sessionUser(db, token);
      if (user) await closeSession(db, token, user);
    }
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.redirect('/login', 303);
  });
}

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
  api.use('/users', requirePermission('users:manage'));
  api.openapi(
    createRoute({
      method: 'get',
      path: '/users',
      tags: ['Users'],
      summary: 'List users (admin)',
      security: [{ bearer: [] }],
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
      request: { body: { content: { 'application/json': { schema: newUserSchema } }, required: true } },
      responses: { 201: jsonBody(UserSchema, 'The new user'), 409: jsonBody(ErrorSchema, 'Email taken'), ...errorResponses },
    }),
    async (c) => {
      const user = await createUser(c.get('deps').db, c.get('actor'), c.req.valid('json'));
      return c.json(userJson(user), 201);
    },
  );
}

const UsersPage = (p: {
  users: PublicUser[];
  tokens: Awaited<ReturnType<typeof listTokens>>;
  csrfToken: string;
  user: AppEnv['Variables']['user'];
  flash?: string | undefined;
  newToken?: string;
  error?: string;
  values?: Record<string, string>;
}) => (
  <Layout title="Users" user={p.user} csrfToken={p.csrfToken} section="users" flash={p.flash}>
    <h1>Users and API tokens</h1>
    {p.newToken ? (
      <div class="card" role="status">
        <p>
          <strong>Copy this token now.</strong> It is shown once; tidings keeps only its hash.
        </p>
        <p class="mono" id="new-token">
          {p.newToken}
        </p>
      </div>
    ) : null}
    <table>
      <caption class="visually-hidden">Users</caption>
      <TableHead columns={['Name', 'Email', 'Role', 'Since', 'State']} />
      <tbody>
        {p.users.map((u) => (
          <tr>
            <td>{u.name}</td>
            <td>{u.email}</td>
            <td>{u.role}</td>
            <td>{formatDateTime(u.created_at)}</td>
            <td>{u.disabled_at ? <span class="badge bad">disabled</span> : <span class="badge ok">active</span>}</td>
          </tr>
        ))}
      </tbody>
    </table>
    <h2>Add a user</h2>
    <form method="post" action="/users" class="stack card">
      <CsrfField token={p.csrfToken} />
      <FieldError id="user-error" message={p.error} />
      <div>
        <label for="u-name">Name</label>
        <input id="u-name" name="name" type="text" required value={p.values?.['name'] ?? ''} />
      </div>
      <div>
        <label for="u-email">Email</label>
        <input id="u-email" name="email" type="email" required value={p.values?.['email'] ?? ''} />
      </div>
      <div>
        <label for="u-role">Role</label>
        <select id="u-role" name="role">
          {ROLES.map((r) => (
            <option value={r} selected={p.values?.['role'] === r}>
              {r}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label for="u-locale">Language of emails to them</label>
        <select id="u-locale" name="locale">
          {SUPPORTED_LOCALES.map((l) => (
            <option value={l} selected={(p.values?.['locale'] ?? 'en') === l}>
              {LOCALE_NAMES[l]}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label for="u-password">Initial password</label>
        <p class="hint" id="u-password-hint">At least 12 characters. Ask the person to keep it private.</p>
        <input id="u-password" name="password" type="password" autocomplete="new-password" required aria-describedby="u-password-hint" />
      </div>
      <div class="actions">
        <button type="submit">Add user</button>
      </div>
    </form>
    <h2>API tokens</h2>
    <table>
      <caption class="visually-hidden">API tokens</caption>
      <TableHead columns={['Name', 'User', 'Starts with', 'Expires', 'Last used']} actions />
      <tbody>
        {p.tokens.map((t) => (
          <tr>
            <td>{t.name}</td>
            <td>{t.user_email}</td>
            <td class="mono">{t.prefix}…</td>
            <td>{t.revoked_at ? <span class="badge bad">revoked</span> : formatDateTime(t.expires_at)}</td>
            <td>{formatDateTime(t.last_used_at)}</td>
            <td>
              {t.revoked_at ? null : (
                <form method="post" action={`/users/tokens/${t.id}/revoke`}>
                  <CsrfField token={p.csrfToken} />
                  <button type="submit" class="secondary">
                    Revoke
                  </button>
                </form>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
    <form method="post" action="/users/tokens" class="stack card spaced">
      <CsrfField token={p.csrfToken} />
      <div>
        <label for="t-user">For user (email)</label>
        <input id="t-user" name="user" type="email" required />
      </div>
      <div>
        <label for="t-name">Token name</label>
        <input id="t-name" name="name" type="text" required />
      </div>
      <div>
        <label for="t-exp">Expires after</label>
        <select id="t-exp" name="expires">
          <option value="30d">30 days</option>
          <option value="90d" selected>
            90 days
          </option>
          <option value="365d">1 year</option>
          <option value="never">never</option>
        </select>
      </div>
      <div class="actions">
        <button type="submit">Create token</button>
      </div>
    </form>
  </Layout>
);

export function usersPages(app: Hono<AppEnv>): void {
  app.use('/users', requirePermission('users:manage'));
  app.use('/users/*', requirePermission('users:manage'));
  const render = async (c: Context<AppEnv>, extra: { flash?: string; newToken?: string; error?: string; values?: Record<string, string> } = {}) => {
    const { db } = c.get('deps');
    const [users, tokens] = await Promise.all([listUsers(db), listTokens(db)]);
    return c.html(<UsersPage users={users} tokens={tokens} csrfToken={c.get('csrfToken')} user={c.get('user')} {...extra} />);
  };
  app.get('/users', (c) => render(c));
  app.post('/users', async (c) => {
    const form = await c.req.parseBody();
    const values = { name: String(form['name'] ?? ''), email: String(form['email'] ?? ''), role: String(form['role'] ?? ''), password: String(form['password'] ?? ''), locale: String(form['locale'] || 'en') };
    try {
      const u = await createUser(c.get('deps').db, c.get('actor'), values);
      return render(c, { flash: `Added ${u.name} as ${u.role}.` });
    } catch (err) {
      if (!(err instanceof AppError) || err.code === 'internal') throw err;
      c.status(err.status);
      return render(c, { error: err.message, values: { name: values.name, email: values.email, role: values.role, locale: values.locale } });
    }
  });
  app.post('/users/tokens', async (c) => {
    const form = await c.req.parseBody();
    const t = await createToken(c.get('deps').db, c.get('actor'), { userEmail: String(form['user'] ?? ''), name: String(form['name'] ?? ''), expiresIn: String(form['expires'] ?? '90d') });
    return render(c, { newToken: t.token, flash: `Token "${t.name}" created.` });
  });
  app.post('/users/tokens/:id/revoke', async (c) => {
    const id = Number(c.req.param('id'));
    if (!Number.isSafeInteger(id)) throw new AppError('not_found', 'no such token');
    await revokeToken(c.get('deps').db, c.get('actor'), id);
    return render(c, { flash: 'Token revoked.' });
  });
}
