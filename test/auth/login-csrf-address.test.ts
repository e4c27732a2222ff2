import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/web.ts';
import { useTestApp } from '../helpers/app.ts';

const t = useTestApp();

function cookieValue(res: Response, name: string): string | undefined {
  return new RegExp(`${name}=([^;]+)`).exec(res.headers.getSetCookie().join('\n'))?.[1];
}

/** A request as the Node server hands it over: with the socket's peer address. */
function fromSocket(remoteAddress: string) {
  return { incoming: { socket: { remoteAddress } } };
}

async function signIn(app: Pick<typeof t.app, 'request'>, email: string, password: string, headers: Record<string, string> = {}, env?: object) {
  const loginPage = await app.request('http://localhost/login');
  const csrf = cookieValue(loginPage, 'tidings_csrf')!;
  const res = await app.request(
    'http://localhost/login',
    {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `tidings_csrf=${csrf}`, ...headers },
      body: new URLSearchParams({ email, password, _csrf: csrf, next: '/' }),
    },
    env,
  );
  return { res, csrfBefore: csrf };
}

async function lastAuditIp(action: string, userId?: number): Promise<unknown> {
  let q = t.deps.db.selectFrom('audit_log').select('details').where('action', '=', action);
  if (userId !== undefined) q = q.where('subject_id', '=', String(userId));
  const row = await q.orderBy('id', 'desc').executeTakeFirstOrThrow();
  return (row.details as { ip?: unknown }).ip;
}

describe('signing in rotates the CSRF token', () => {
  it('sets a new token, and a form carrying the token from before the sign-in is refused', async () => {
    const officer = await t.userWithToken('officer');
    const { res, csrfBefore } = await signIn(t.app, officer.email, officer.password);
    expect(res.status).toBe(303);
    const session = cookieValue(res, 'tidings_session')!;
    const csrfAfter = cookieValue(res, 'tidings_csrf');
    expect(csrfAfter).toBeTruthy();
    expect(csrfAfter).not.toBe(csrfBefore);

    // A page planted or read the old token: the browser now holds the new cookie.
    const cookie = `tidings_csrf=${csrfAfter}; tidings_session=${session}`;
    const form = (token: string) =>
      t.app.request('http://localhost/logout', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie }, body: new URLSearchParams({ _csrf: token }) });
    expect((await form(csrfBefore)).status).toBe(403);
    const home = await t.app.request('http://localhost/', { headers: { cookie } });
    expect(await home.text()).toContain(csrfAfter);
    expect((await form(csrfAfter!)).status).toBe(303);
  });
});

describe('the address on the record', () => {
  it('is the socket peer, not a forged X-Forwarded-For, when no proxy is trusted', async () => {
    const officer = await t.userWithToken('officer');
    const { res } = await signIn(t.app, officer.email, officer.password, { 'x-forwarded-for': '198.51.100.7' }, fromSocket('203.0.113.9'));
    expect(res.status).toBe(303);
    expect(await lastAuditIp('auth.login', officer.id)).toBe('203.0.113.9');
    await signIn(t.app, officer.email, 'a wrong password', { 'x-forwarded-for': '198.51.100.7' }, fromSocket('203.0.113.9'));
    expect(await lastAuditIp('auth.login_failed')).toBe('203.0.113.9');
  });

  it('is what the trusted proxy saw, never what the client wrote itself, with TIDINGS_TRUST_PROXY', async () => {
    const behindProxy = createApp({ ...t.deps, config: { ...t.deps.config, trustProxyHops: 1 } });
    const officer = await t.userWithToken('officer');
    const { res } = await signIn(behindProxy, officer.email, officer.password, { 'x-forwarded-for': '6.6.6.6, 198.51.100.7' }, fromSocket('10.0.0.2'));
    expect(res.status).toBe(303);
    expect(await lastAuditIp('auth.login', officer.id)).toBe('198.51.100.7');
  });
});
