import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.ts';
import { pageSession } from '../helpers/session.ts';

const t = useTestApp();

async function tryLogin(email: string, password: string): Promise<Response> {
  const loginPage = await t.app.request('http://localhost/login');
  const csrf = /tidings_csrf=([^;]+)/.exec(loginPage.headers.get('set-cookie') ?? '')![1]!;
  return t.app.request('http://localhost/login', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `tidings_csrf=${csrf}` },
    body: new URLSearchParams({ email, password, _csrf: csrf, next: '/users' }),
  });
}

describe('the login page', () => {
  it('answers a wrong password with 401 and the form again, keeping the address', async () => {
    const officer = await t.userWithToken('officer');
    const res = await tryLogin(officer.email, 'not the password');
    expect(res.status).toBe(401);
    const html = await res.text();
    expect(html).toContain('That email and password do not match an active account.');
    expect(html).toContain(`value="${officer.email}"`);
    const failed = await t.deps.db.selectFrom('audit_log').select('details').where('action', '=', 'auth.login_failed').execute();
    expect(failed.some((e) => (e.details as { email?: string }).email === officer.email)).toBe(true);
  });

  it('locks an address with 429 after five failures, even for the right password', async () => {
    const officer = await t.userWithToken('officer');
    for (let i = 0; i < 5; i++) expect((await tryLogin(officer.email, 'wrong password!')).status).toBe(401);
    const locked = await tryLogin(officer.email, officer.password);
    expect(locked.status).toBe(429);
    expect(await locked.text()).toContain('Too many failed attempts for this address. Wait 15 minutes and try again.');
  });

  it('signs in to the page asked for, and signing out ends the session', async () => {
    const officer = await t.userWithToken('officer');
    const res = await tryLogin(officer.email, officer.password);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/users');
    const session = await pageSession(t.app, officer.email, officer.password);
    expect((await session.get('/')).status).toBe(200);
    const out = await session.post('/logout', {});
    expect(out.status).toBe(303);
    expect(out.headers.get('location')).toBe('/login');
    const after = await session.get('/');
    expect(after.status).toBe(302);
    expect(after.headers.get('location')).toMatch(/^\/login\?next=/);
  });
});
