import type { Hono } from 'hono';
import { expect } from 'vitest';
import type { Role } from '../../src/db/types.ts';
import type { TestContext, TestUser } from './app.ts';

type AnyApp = Pick<Hono<any>, 'request'>;

interface SignIn {
  email: string;
  password: string;
}

export interface PageSession {
  cookie: string;
  csrf: string;
  setCookie: string;
  get(path: string): Promise<Response>;
  post(path: string, form: Record<string, string>, options?: { omitCsrf?: boolean }): Promise<Response>;
}

/** Signs in through the login form as a browser would, keeping the cookies. */
export async function pageSession(app: AnyApp, email: string, password: string): Promise<PageSession> {
  const loginPage = await app.request('http://localhost/login');
  const csrfBefore = /tidings_csrf=([^;]+)/.exec(loginPage.headers.get('set-cookie') ?? '')?.[1];
  if (!csrfBefore) throw new Error('the login page set no CSRF cookie');
  const res = await app.request('http://localhost/login', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `tidings_csrf=${csrfBefore}` },
    body: new URLSearchParams({ email, password, _csrf: csrfBefore, next: '/' }),
  });
  const setCookie = res.headers.get('set-cookie') ?? '';
  const session = /tidings_session=([^;]+)/.exec(setCookie)?.[1];
  if (res.status !== 303 || !session) throw new Error(`sign-in failed with ${res.status}`);
  // Signing in rotates the CSRF token: the forms of the session carry the new one.
  const csrf = /tidings_csrf=([^;]+)/.exec(setCookie)?.[1] ?? csrfBefore;
  const cookie = `tidings_csrf=${csrf}; tidings_session=${session}`;
  return {
    cookie,
    csrf,
    setCookie,
    get: async (path) => app.request(`http://localhost${path}`, { headers: { cookie } }),
    post: async (path, form, options = {}) =>
      app.request(`http://localhost${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
        body: new URLSearchParams(options.omitCsrf ? form : { ...form, _csrf: csrf }),
      }),
  };
}

/**
 * A person signed in through the login form who has chosen `locale` on their own
 * page: a new user of `who` when it is a role, else the person given.
 */
export async function pageSessionIn(t: Pick<TestContext, 'app' | 'userWithToken'>, who: Role, locale: string): Promise<{ user: TestUser; session: PageSession }>;
export async function pageSessionIn<P extends SignIn>(t: Pick<TestContext, 'app' | 'userWithToken'>, who: P, locale: string): Promise<{ user: P; session: PageSession }>;
export async function pageSessionIn(t: Pick<TestContext, 'app' | 'userWithToken'>, who: Role | SignIn, locale: string): Promise<{ user: SignIn; session: PageSession }> {
  const user = typeof who === 'string' ? await t.userWithToken(who) : who;
  const session = await pageSession(t.app, user.email, user.password);
  expect((await session.post('/account/language', { locale })).status).toBe(200);
  return { user, session };
}
