import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.ts';

const t = useTestApp();

async function signInWithNext(email: string, password: string, next: string): Promise<Response> {
  const loginPage = await t.app.request('http://localhost/login');
  const csrf = /tidings_csrf=([^;]+)/.exec(loginPage.headers.get('set-cookie') ?? '')![1]!;
  return t.app.request('http://localhost/login', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `tidings_csrf=${csrf}` },
    body: new URLSearchParams({ email, password, _csrf: csrf, next }),
  });
}

async function countRows(): Promise<{ sessions: number; logins: number }> {
  const sessions = await t.deps.db.selectFrom('sessions').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const logins = await t.deps.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).where('action', '=', 'auth.login').executeTakeFirstOrThrow();
  return { sessions: Number(sessions.n), logins: Number(logins.n) };
}

describe('where signing in leads', () => {
  it('sends a visitor of a backslash path to the login page and then home, never to another site', async () => {
    const officer = await t.userWithToken('officer');
    const visit = await t.app.request('http://localhost/%5Cevil.example');
    expect(visit.status).toBe(302);
    const next = new URL(visit.headers.get('location')!, 'http://localhost').searchParams.get('next')!;
    const res = await signInWithNext(officer.email, officer.password, next);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/');
  });

  it.each(['/\\evil.example', '/\t/evil.example', '/\\/evil.example', '//evil.example', 'https://evil.example/', ' //evil.example', '/\\\\evil.example', 'javascript:alert(1)'])(
    'leads home instead of to %j',
    async (next) => {
      const officer = await t.userWithToken('officer');
      const res = await signInWithNext(officer.email, officer.password, next);
      expect(res.status).toBe(303);
      const location = res.headers.get('location')!;
      expect(location).toBe('/');
    },
  );

  it('the login form never carries a foreign next', async () => {
    const page = await t.app.request(`http://localhost/login?next=${encodeURIComponent('/\\evil.example')}`);
    expect(await page.text()).toContain('name="next" value="/"');
  });

  it('keeps a path of this site with its query', async () => {
    const officer = await t.userWithToken('officer');
    const res = await signInWithNext(officer.email, officer.password, '/contacts?q=berg&page=2');
    expect(res.headers.get('location')).toBe('/contacts?q=berg&page=2');
  });

  it('keeps a path with letters beyond ASCII, percent-encoded', async () => {
    const officer = await t.userWithToken('officer');
    const res = await signInWithNext(officer.email, officer.password, '/contacts?q=Szőke Åsa');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/contacts?q=Sz%C5%91ke%20%C3%85sa');
  });

  it('refuses a next holding a NUL with 400, like every control character in any input, before writing anything', async () => {
    const officer = await t.userWithToken('officer');
    const before = await countRows();
    const res = await signInWithNext(officer.email, officer.password, '/\u0000/evil.example');
    expect(res.status).toBe(400);
    expect(res.headers.get('set-cookie') ?? '').not.toContain('tidings_session=');
    expect(await countRows()).toEqual(before);
  });

  it.each(['/\r\nSet-Cookie: x=1', '/users\n', '/a\rb'])('refuses %j with 400 before writing a session or an audit entry', async (next) => {
    const officer = await t.userWithToken('officer');
    const before = await countRows();
    const res = await signInWithNext(officer.email, officer.password, next);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('line break');
    expect(res.headers.get('set-cookie') ?? '').not.toContain('tidings_session=');
    expect(await countRows()).toEqual(before);
  });
});
