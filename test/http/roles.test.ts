import { describe, expect, it } from 'vitest';
import { beforeAll } from 'vitest';
import { CLI_ACTOR } from '../../src/audit/log.ts';
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
const OPEN_PAGE_POSTS = new Set(['/login', '/logout', '/webhooks/resend', '/unsubscribe/:token']);
// POSTs that only read: an unsaved segment rule is counted, nothing is stored.
const READ_ONLY_POSTS = new Set(['/api/v1/segments/preview', '/segments/preview.json']);

function concrete(path: string): string {
  return path.replace(/:[a-zA-Z]+(\{[^}]*\})?/g, '1');
}

describe('roles on every route', () => {
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
    const routes = t.app.routes.filter((r) => !r.path.startsWith('/api/') && WRITE.has(r.method) && !OPEN_PAGE_POSTS.has(r.path) && !READ_ONLY_POSTS.has(r.path));
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
