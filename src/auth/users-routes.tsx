import type { Context, Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import type { AppEnv } from '../app-env.ts';
import { AppError } from '../errors.ts';
import { showRefusal } from '../http/errors.tsx';
import { roleName } from '../http/layout.tsx';
import { allow } from '../http/access.ts';
import { SESSION_COOKIE } from '../http/authenticate.ts';
import { createToken, listUsersAndTokens, revokeToken } from './tokens.ts';
import { changeOwnLanguage, changeUser, createUser, getUser } from './users.ts';
import { inLocale, t } from '../../i18n/current.ts';
import { localeOr } from '../../i18n/locales.ts';
import { AccountPage } from './users-account-page.tsx';
import { UserEditPage } from './users-edit-page.tsx';
import { changeOwnPassword } from './users-password.ts';
import { UsersPage } from './users-page.tsx';

type UsersPageExtra = { flash?: string; newToken?: string; error?: string; values?: Record<string, string> };

async function usersPage(c: Context<AppEnv>, extra: UsersPageExtra = {}) {
  const { users, tokens } = await listUsersAndTokens(c.get('deps').db);
  return c.html(<UsersPage users={users} tokens={tokens} csrfToken={c.get('csrfToken')} user={c.get('user')} {...extra} />);
}

function userId(c: Context<AppEnv>): number {
  const id = Number(c.req.param('id'));
  if (!Number.isSafeInteger(id) || id <= 0) throw AppError.localized('not_found', 'auth.noSuchUser');
  return id;
}

async function userEditPage(c: Context<AppEnv>, id: number, extra: { flash?: string; error?: string; values?: Record<string, string> } = {}) {
  const subject = await getUser(c.get('deps').db, { id });
  return c.html(<UserEditPage subject={subject} csrfToken={c.get('csrfToken')} user={c.get('user')} {...extra} />);
}

/** Changes one user from their page, showing a refusal (a bad value, the last admin) on that page. */
async function changeFromPage(c: Context<AppEnv>, change: Record<string, unknown>, done: string, values?: Record<string, string>) {
  const id = userId(c);
  try {
    await changeUser(c.get('deps').db, c.get('actor'), { id }, change);
    return userEditPage(c, id, { flash: done });
  } catch (err) {
    return showRefusal(c, err, ['validation_failed', 'invalid_input', 'conflict'], (refusal) => userEditPage(c, id, { error: refusal.message, ...(values ? { values } : {}) }));
  }
}

export function usersPages(app: Hono<AppEnv>): void {
  app.get('/users', allow('users:manage'), (c) => usersPage(c));

  app.post('/users', allow('users:manage'), async (c) => {
    const form = await c.req.parseBody();
    const values = { name: String(form['name'] ?? ''), email: String(form['email'] ?? ''), role: String(form['role'] ?? ''), password: String(form['password'] ?? ''), locale: String(form['locale'] || 'en') };
    try {
      const u = await createUser(c.get('deps').db, c.get('actor'), values);
      return usersPage(c, { flash: t('auth.userAdded', { name: u.name, role: roleName(u.role) }) });
    } catch (err) {
      return showRefusal(c, err, ['validation_failed', 'invalid_input', 'conflict'], (refusal) =>
        usersPage(c, { error: refusal.message, values: { name: values.name, email: values.email, role: values.role, locale: values.locale } }),
      );
    }
  });

  app.post('/users/tokens', allow('users:manage'), async (c) => {
    const form = await c.req.parseBody();
    const created = await createToken(c.get('deps').db, c.get('actor'), { userEmail: String(form['user'] ?? ''), name: String(form['name'] ?? ''), expiresIn: String(form['expires'] ?? '90d') });
    return usersPage(c, { newToken: created.token, flash: t('auth.tokenCreated', { name: created.name }) });
  });

  app.post('/users/tokens/:id/revoke', allow('users:manage'), async (c) => {
    const id = Number(c.req.param('id'));
    if (!Number.isSafeInteger(id)) throw AppError.localized('not_found', 'auth.noSuchToken');
    await revokeToken(c.get('deps').db, c.get('actor'), id);
    return usersPage(c, { flash: t('auth.tokenRevokedFlash') });
  });

  // After /users/tokens…: the first matching route answers, and :id would match "tokens".
  app.get('/users/:id', allow('users:manage'), (c) => userEditPage(c, userId(c)));

  app.post('/users/:id', allow('users:manage'), async (c) => {
    const form = await c.req.parseBody();
    const values = { name: String(form['name'] ?? ''), role: String(form['role'] ?? ''), locale: String(form['locale'] ?? '') };
    return changeFromPage(c, values, t('auth.userSaved'), values);
  });

  app.post('/users/:id/disable', allow('users:manage'), (c) => changeFromPage(c, { disabled: true }, t('auth.userDisabled')));

  app.post('/users/:id/enable', allow('users:manage'), (c) => changeFromPage(c, { disabled: false }, t('auth.userEnabled')));
}

/** Everyone's own page: any signed-in role may see it and change their own password. */
export function accountPages(app: Hono<AppEnv>): void {
  const page = (c: Context<AppEnv>, extra: { flash?: string; error?: string; languageError?: string } = {}) => c.html(<AccountPage user={c.get('user')} csrfToken={c.get('csrfToken')} {...extra} />);

  app.get('/account', allow('read'), (c) => page(c));

  app.post('/account/language', allow('read'), async (c) => {
    const form = await c.req.parseBody();
    try {
      const changed = await changeOwnLanguage(c.get('deps').db, c.get('actor'), c.get('user').id, String(form['locale'] ?? ''));
      const locale = localeOr(changed.locale);
      // The answer is already in the language just chosen.
      c.set('user', { ...c.get('user'), locale });
      return inLocale(locale, () => page(c, { flash: t('account.languageChanged') }));
    } catch (err) {
      return showRefusal(c, err, ['validation_failed', 'invalid_input'], (refusal) => page(c, { languageError: refusal.message }));
    }
  });

  app.post('/account/password', allow('read'), async (c) => {
    const form = await c.req.parseBody();
    const input = { current: String(form['current'] ?? ''), password: String(form['password'] ?? ''), repeat: String(form['repeat'] ?? '') };
    try {
      const { sessionsEnded } = await changeOwnPassword(c.get('deps').db, c.get('actor'), c.get('user').id, input, getCookie(c, SESSION_COOKIE));
      return page(c, { flash: sessionsEnded ? t('account.passwordChangedSessionsEnded', { count: sessionsEnded }) : t('account.passwordChanged') });
    } catch (err) {
      return showRefusal(c, err, ['validation_failed', 'invalid_input'], (refusal) => page(c, { error: refusal.message }));
    }
  });
}
