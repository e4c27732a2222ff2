import { Secret, TOTP } from 'otpauth';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.ts';
import { pageSession } from '../helpers/session.ts';

const t = useTestApp();

const codeAt = (secret: string, at = Date.now()) => new TOTP({ algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(secret) }).generate({ timestamp: at });
const cookieValue = (res: Response, name: string) => new RegExp(`${name}=([^;]*)`).exec(res.headers.get('set-cookie') ?? '')?.[1];

/** A browser's sign-in by hand: the password step, keeping whatever cookies it sets. */
async function passwordStep(email: string, password: string, next = '/') {
  const login = await t.app.request('http://localhost/login');
  const csrf = cookieValue(login, 'tidings_csrf')!;
  const res = await t.app.request('http://localhost/login', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `tidings_csrf=${csrf}` },
    body: new URLSearchParams({ email, password, _csrf: csrf, next }),
  });
  const pending = cookieValue(res, 'tidings_pending');
  const cookie = `tidings_csrf=${csrf}${pending ? `; tidings_pending=${pending}` : ''}`;
  return {
    res,
    csrf,
    cookie,
    get: (path: string) => t.app.request(`http://localhost${path}`, { headers: { cookie } }),
    post: (path: string, form: Record<string, string>) =>
      t.app.request(`http://localhost${path}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie }, body: new URLSearchParams({ ...form, _csrf: csrf }) }),
  };
}

async function enrolled(role: 'officer' | 'admin') {
  const person = await t.userWithToken(role);
  const s = await pageSession(t.app, person.email, person.password);
  await s.post('/account/two-factor/start', {});
  const secret = /<code id="totp-secret">([A-Z2-7 ]+)<\/code>/.exec(await (await s.get('/account/two-factor')).text())![1]!.replace(/ /g, '');
  expect((await s.post('/account/two-factor/confirm', { code: codeAt(secret) })).status).toBe(200);
  return { person, secret };
}

describe('two-factor sign-in', () => {
  it('after the password, someone enrolled gets the code step, not a session; the right code opens it', async () => {
    const { person, secret } = await enrolled('officer');
    const step = await passwordStep(person.email, person.password, '/situations');
    expect(step.res.status).toBe(303);
    expect(step.res.headers.get('location')).toBe('/login/code?next=%2Fsituations');
    expect(cookieValue(step.res, 'tidings_session')).toBeUndefined();
    expect(cookieValue(step.res, 'tidings_pending')).toBeTruthy();
    const sessionsBefore = await t.deps.db.selectFrom('sessions').select('id').where('user_id', '=', person.id).execute();

    const form = await step.get('/login/code?next=%2Fsituations');
    expect(form.status).toBe(200);
    expect(await form.text()).toContain('autocomplete="one-time-code"');
    const wrong = await step.post('/login/code', { code: '00000', next: '/situations' });
    expect(wrong.status).toBe(401);
    expect(cookieValue(wrong, 'tidings_session')).toBeUndefined();

    const ok = await step.post('/login/code', { code: codeAt(secret, Date.now() + 30_000), next: '/situations' });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('/situations');
    const session = cookieValue(ok, 'tidings_session')!;
    expect(session).toBeTruthy();
    expect(cookieValue(ok, 'tidings_csrf')).not.toBe(step.csrf);
    const page = await t.app.request('http://localhost/situations', { headers: { cookie: `tidings_session=${session}` } });
    expect(page.status).toBe(200);
    expect((await t.deps.db.selectFrom('sessions').select('id').where('user_id', '=', person.id).execute()).length).toBe(sessionsBefore.length + 1);
    // API tokens are not affected.
    expect((await t.api(person.token, 'GET', '/api/v1/situations')).status).toBe(200);
  });

  it('a forged or missing pending sign-in goes back to the password', async () => {
    const { person } = await enrolled('officer');
    const step = await passwordStep(person.email, person.password);
    const forged = step.cookie.replace(/tidings_pending=(\d+)\./, (_m, id: string) => `tidings_pending=${Number(id) + 1}.`);
    const res = await t.app.request('http://localhost/login/code', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: forged }, body: new URLSearchParams({ code: '123456', _csrf: step.csrf }) });
    expect(res.status).toBe(401);
    expect(await res.text()).toContain('Sign in with your password again');
    expect((await t.app.request('http://localhost/login/code', { headers: { cookie: `tidings_csrf=${step.csrf}` } })).headers.get('location')).toBe('/login?next=%2F');
  });

  it('an admin whose role requires it sets it up at sign-in and sees the recovery codes once', async () => {
    const admin = await t.userWithToken('admin');
    await t.deps.db.insertInto('settings').values({ key: 'require_two_factor', value: JSON.stringify('admins') }).execute();
    try {
      const officer = await t.userWithToken('officer');
      expect((await passwordStep(officer.email, officer.password)).res.headers.get('location')).toBe('/');

      const step = await passwordStep(admin.email, admin.password);
      expect(step.res.headers.get('location')).toBe('/login/code?next=%2F');
      const page = await (await step.get('/login/code')).text();
      expect(page).toContain('Your organisation requires a second factor');
      const secret = /<code id="totp-secret">([A-Z2-7 ]+)<\/code>/.exec(page)![1]!.replace(/ /g, '');
      const done = await step.post('/login/code', { code: codeAt(secret), next: '/' });
      expect(done.status).toBe(200);
      expect(cookieValue(done, 'tidings_session')).toBeTruthy();
      const html = await done.text();
      expect([...html.matchAll(/<li><code>[a-z0-9-]{14}<\/code><\/li>/g)]).toHaveLength(10);
      expect(html).toContain('href="/"');
      // Required: it cannot be turned off by its owner.
      const s = await pageSession(t.app, admin.email, admin.password).catch((e: Error) => e);
      expect(s).toBeInstanceOf(Error); // the plain password no longer opens a session
    } finally {
      await t.deps.db.deleteFrom('settings').where('key', '=', 'require_two_factor').execute();
    }
  });
});
