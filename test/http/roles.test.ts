import { describe, expect, it } from 'vitest';
import { beforeAll } from 'vitest';
import { CLI_ACTOR } from '../../src/audit/log.ts';
import { declaredAccess, type RouteAccess } from '../../src/http/access.ts';
import { can } from '../../src/permissions.ts';
import { createDraft } from '../../src/updates/compose.ts';
import { useTestApp } from '../helpers/app.ts';
import { baseScenario, completeUpdate, seedContacts } from '../helpers/scenario.ts';
import { pageSession } from '../helpers/session.ts';

const t = useTestApp();

// Every route is called with id 1, so an object with id 1 exists for each kind:
// the refusal must come from the role, not from a missing object.
beforeAll(async () => {
  await seedContacts(t.deps.db, 3);
  const { situation, cp, segment } = await baseScenario(t.deps.db);
  await createDraft(t.deps.db, CLI_ACTOR, situation.id, completeUpdate(segment.id, cp.id));
});

const WRITE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
// Routes every visitor may post to: signing in and out, and the routes that are
// authorised by something other than a session (a webhook signature, a signed
// customer link), each tested for forgeries in its own file.
const OPEN_PAGE_POSTS = new Set(['/login', '/login/code', '/logout', '/webhooks/resend', '/unsubscribe/:token']);
// Every signed-in person, auditors included, secures their own account.
const OWN_ACCOUNT_POSTS = new Set(['/account/password', '/account/language', '/account/two-factor/start', '/account/two-factor/confirm', '/account/two-factor/off']);
// POSTs that only read: an unsaved segment rule is counted, nothing is stored.
const READ_ONLY_POSTS = new Set(['/api/v1/segments/preview', '/segments/preview.json']);

function concrete(path: string): string {
  return path.replace(/:[a-zA-Z]+(\{[^}]*\})?/g, '1');
}

// Served by the HTTP shell below every domain: static files, nothing to protect.
const SHELL_ROUTES = new Set(['GET /assets/:file']);

/** Every (method, path) of the app with the access its definition declares. */
function declaredRoutes(): { method: string; path: string; access: RouteAccess | undefined; count: number }[] {
  const byRoute = new Map<string, { method: string; path: string; access: RouteAccess | undefined; count: number }>();
  for (const r of t.app.routes) {
    if (r.method === 'ALL') continue;
    const key = `${r.method} ${r.path}`;
    const entry = byRoute.get(key) ?? { method: r.method, path: r.path, access: undefined, count: 0 };
    const access = declaredAccess(r.handler);
    if (access) {
      entry.access = access;
      entry.count++;
    }
    byRoute.set(key, entry);
  }
  return [...byRoute.values()];
}

describe('roles on every route', () => {
  it('every route declares exactly once who may call it, next to its definition', () => {
    const routes = declaredRoutes().filter((r) => !SHELL_ROUTES.has(`${r.method} ${r.path}`));
    expect(routes.length).toBeGreaterThan(100);
    const undeclared = routes.filter((r) => r.count !== 1).map((r) => `${r.method} ${r.path} (${r.count})`);
    expect(undeclared).toEqual([]);
  });

  it('a responder and an auditor are refused with 403 wherever the permission table says so, API and pages alike', async () => {
    const responder = await t.userWithToken('responder');
    const auditor = await t.userWithToken('auditor');
    const people = [
      { role: 'responder' as const, token: responder.token, session: await pageSession(t.app, responder.email, responder.password) },
      { role: 'auditor' as const, token: auditor.token, session: await pageSession(t.app, auditor.email, auditor.password) },
    ];
    let checked = 0;
    for (const r of declaredRoutes()) {
      if (!r.access || r.access === 'public' || r.method === 'GET') continue;
      for (const p of people) {
        if (can(p.role, r.access)) continue;
        const res = r.path.startsWith('/api/') ? await t.api(p.token, r.method, concrete(r.path), {}) : await p.session.post(concrete(r.path), { action: 'save' });
        expect(res.status, `${p.role} ${r.method} ${r.path} (needs ${r.access})`).toBe(403);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(60);
  });

  it('a responder may answer and flag, which is what the role is for', async () => {
    const responder = await t.userWithToken('responder');
    const routes = declaredRoutes().filter((r) => r.access === 'conversations:answer' || r.access === 'followups:write');
    expect(routes.length).toBeGreaterThan(2);
    for (const r of routes) expect(can('responder', r.access as 'conversations:answer')).toBe(true);
    const res = await t.api(responder.token, 'GET', '/api/v1/conversations?state=open');
    expect(res.status).toBe(200);
  });

  it('the auditor is refused with 403 on every write route of the API, enumerated from the app', async () => {
    const auditor = await t.userWithToken('auditor');
    const routes = t.app.routes.filter((r) => r.path.startsWith('/api/v1/') && WRITE.has(r.method) && !READ_ONLY_POSTS.has(r.path));
    expect(routes.length).toBeGreaterThan(4);
    for (const r of routes) {
      const res = await t.api(auditor.token, r.method, concrete(r.path), {});
      expect(res.status, `${r.method} ${r.path}`).toBe(403);
      expect((await res.json()).error.code).toBe('forbidden');
    }
  });

  it('the read-only POSTs still answer an auditor', async () => {
    const auditor = await t.userWithToken('auditor');
    const res = await t.api(auditor.token, 'POST', '/api/v1/segments/preview', { rule: { all: [{ attribute: 'locale', op: 'eq', value: 'nb' }] } });
    expect(res.status).toBe(200);
    expect(await t.deps.db.selectFrom('segments').selectAll().execute()).toHaveLength(1);
  });

  it('every API route refuses a request without a token', async () => {
    const routes = t.app.routes.filter((r) => r.path.startsWith('/api/v1/') && r.method !== 'ALL');
    for (const r of routes) {
      const res = await t.app.request(concrete(r.path), { method: r.method });
      expect(res.status, `${r.method} ${r.path}`).toBe(401);
    }
  });

  it('the auditor is refused on every write page route, with a valid CSRF token', async () => {
    const auditor = await t.userWithToken('auditor');
    const session = await pageSession(t.app, auditor.email, auditor.password);
    const routes = t.app.routes.filter((r) => !r.path.startsWith('/api/') && WRITE.has(r.method) && !OPEN_PAGE_POSTS.has(r.path) && !READ_ONLY_POSTS.has(r.path) && !OWN_ACCOUNT_POSTS.has(r.path));
    expect(routes.length).toBeGreaterThan(3);
    for (const r of routes) {
      // Builder forms decide by the button pressed; "save" is the one that writes.
      const res = await session.post(concrete(r.path), { action: 'save' });
      expect(res.status, `${r.method} ${r.path}`).toBe(403);
    }
  });

  it('a page form without the CSRF token is refused and changes nothing', async () => {
    const officer = await t.userWithToken('officer');
    const session = await pageSession(t.app, officer.email, officer.password);
    const res = await session.post('/contact-points', { name: 'X', role: 'Y', email: 'x@example.org', phone: '+4712345678' }, { omitCsrf: true });
    expect(res.status).toBe(403);
    expect(await res.text()).toMatch(/reload the page/);
    expect(await t.deps.db.selectFrom('contact_points').selectAll().where('name', '=', 'X').execute()).toHaveLength(0);
  });

  it('sends secure headers and an HttpOnly, SameSite session cookie', async () => {
    const officer = await t.userWithToken('officer');
    const page = await t.app.request('/login');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    const session = await pageSession(t.app, officer.email, officer.password);
    expect(session.setCookie).toMatch(/tidings_session=[^;]+;.*HttpOnly/i);
    expect(session.setCookie).toMatch(/SameSite=Lax/i);
  });
});
