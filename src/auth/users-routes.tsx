import type { Context, Hono } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { AppError } from '../errors.ts';
import { showRefusal } from '../http/errors.tsx';
import { allow } from './middleware.ts';
import { createToken, listUsersAndTokens, revokeToken } from './tokens.ts';
import { createUser } from './users.ts';
import { UsersPage } from './users-page.tsx';

type UsersPageExtra = { flash?: string; newToken?: string; error?: string; values?: Record<string, string> };

async function usersPage(c: Context<AppEnv>, extra: UsersPageExtra = {}) {
  const { users, tokens } = await listUsersAndTokens(c.get('deps').db);
  return c.html(<UsersPage users={users} tokens={tokens} csrfToken={c.get('csrfToken')} user={c.get('user')} {...extra} />);
}

export function usersPages(app: Hono<AppEnv>): void {
  app.get('/users', allow('users:manage'), (c) => usersPage(c));

  app.post('/users', allow('users:manage'), async (c) => {
    const form = await c.req.parseBody();
    const values = { name: String(form['name'] ?? ''), email: String(form['email'] ?? ''), role: String(form['role'] ?? ''), password: String(form['password'] ?? ''), locale: String(form['locale'] || 'en') };
    try {
      const u = await createUser(c.get('deps').db, c.get('actor'), values);
      return usersPage(c, { flash: `Added ${u.name} as ${u.role}.` });
    } catch (err) {
      return showRefusal(c, err, ['validation_failed', 'conflict'], (refusal) =>
        usersPage(c, { error: refusal.message, values: { name: values.name, email: values.email, role: values.role, locale: values.locale } }),
      );
    }
  });

  app.post('/users/tokens', allow('users:manage'), async (c) => {
    const form = await c.req.parseBody();
    const t = await createToken(c.get('deps').db, c.get('actor'), { userEmail: String(form['user'] ?? ''), name: String(form['name'] ?? ''), expiresIn: String(form['expires'] ?? '90d') });
    return usersPage(c, { newToken: t.token, flash: `Token "${t.name}" created.` });
  });

  app.post('/users/tokens/:id/revoke', allow('users:manage'), async (c) => {
    const id = Number(c.req.param('id'));
    if (!Number.isSafeInteger(id)) throw new AppError('not_found', 'no such token');
    await revokeToken(c.get('deps').db, c.get('actor'), id);
    return usersPage(c, { flash: 'Token revoked.' });
  });
}
