import type { Hono } from 'hono';

type AnyApp = Pick<Hono<any>, 'request'>;

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
