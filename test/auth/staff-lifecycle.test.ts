import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.ts';
import { pageSession } from '../helpers/session.ts';

const t = useTestApp();

async function auditActions(userId: number): Promise<string[]> {
  const rows = await t.deps.db.selectFrom('audit_log').select('action').where('subject_type', '=', 'user').where('subject_id', '=', String(userId)).orderBy('id').execute();
  return rows.map((r) => r.action);
}

describe('staff lifecycle through the API', () => {
  it('clearing disabled_at by hand does not bring back the tokens and sessions that disabling ended', async () => {
    const officer = await t.userWithToken('officer');
    const session = await pageSession(t.app, officer.email, officer.password);
    expect((await t.api(officer.token, 'GET', '/api/v1/contact-points')).status).toBe(200);
    expect((await session.get('/')).status).toBe(200);

    await sql`UPDATE users SET disabled_at = now() WHERE id = ${officer.id}`.execute(t.deps.db);
    expect((await t.api(officer.token, 'GET', '/api/v1/contact-points')).status).toBe(401);
    expect((await session.get('/')).status).toBe(302);

    await sql`UPDATE users SET disabled_at = NULL WHERE id = ${officer.id}`.execute(t.deps.db);
    const again = await t.api(officer.token, 'GET', '/api/v1/contact-points');
    expect(again.status).toBe(401);
    expect((await again.json()).error.message).toMatch(/revoked/);
    expect((await session.get('/')).status).toBe(302);
  });

  it('an admin disables a user: every session and token ends at once, and enabling again does not bring them back', async () => {
    const admin = await t.userWithToken('admin');
    const officer = await t.userWithToken('officer');
    const session = await pageSession(t.app, officer.email, officer.password);

    const disabled = await t.api(admin.token, 'PATCH', `/api/v1/users/${officer.id}`, { disabled: true });
    expect(disabled.status).toBe(200);
    const body = await disabled.json();
    expect(body.email).toBe(officer.email);
    expect(body.disabled_at).not.toBeNull();
    expect((await t.api(officer.token, 'GET', '/api/v1/contact-points')).status).toBe(401);
    expect((await session.get('/')).status).toBe(302);
    expect(await t.deps.db.selectFrom('sessions').select('id').where('user_id', '=', officer.id).execute()).toHaveLength(0);

    const enabled = await t.api(admin.token, 'PATCH', `/api/v1/users/${officer.id}`, { disabled: false });
    expect(enabled.status).toBe(200);
    expect((await enabled.json()).disabled_at).toBeNull();
    expect((await t.api(officer.token, 'GET', '/api/v1/contact-points')).status).toBe(401);
    expect((await session.get('/')).status).toBe(302);
    // The person signs in again with their password and gets a fresh session.
    const fresh = await pageSession(t.app, officer.email, officer.password);
    expect((await fresh.get('/')).status).toBe(200);

    expect(await auditActions(officer.id)).toEqual(expect.arrayContaining(['user.disable', 'user.enable']));
    const entry = await t.deps.db.selectFrom('audit_log').select(['details', 'actor']).where('action', '=', 'user.disable').where('subject_id', '=', String(officer.id)).executeTakeFirstOrThrow();
    expect(entry.actor).toContain(admin.email);
    expect(entry.details).toMatchObject({ email: officer.email, sessionsEnded: 1, tokensRevoked: 1 });
  });

  it('a role change takes effect on the next request, for tokens and sessions alike', async () => {
    const admin = await t.userWithToken('admin');
    const officer = await t.userWithToken('officer');
    const session = await pageSession(t.app, officer.email, officer.password);
    const cp = { name: 'Desk', role: 'Help', email: 'desk@example.org', phone: '+4712345678' };
    expect((await t.api(officer.token, 'POST', '/api/v1/contact-points', cp)).status).toBe(201);

    const demoted = await t.api(admin.token, 'PATCH', `/api/v1/users/${officer.id}`, { role: 'auditor' });
    expect(demoted.status).toBe(200);
    expect((await demoted.json()).role).toBe('auditor');
    expect((await t.api(officer.token, 'POST', '/api/v1/contact-points', { ...cp, email: 'desk2@example.org' })).status).toBe(403);
    expect((await session.post('/contact-points', { ...cp, email: 'desk3@example.org' })).status).toBe(403);
    expect((await t.api(officer.token, 'GET', '/api/v1/contact-points')).status).toBe(200);

    const entry = await t.deps.db.selectFrom('audit_log').select('details').where('action', '=', 'user.role').where('subject_id', '=', String(officer.id)).executeTakeFirstOrThrow();
    expect(entry.details).toMatchObject({ from: 'officer', to: 'auditor' });
  });

  it('changes name and locale, audits each change, and leaves an unchanged value unrecorded', async () => {
    const admin = await t.userWithToken('admin');
    const responder = await t.userWithToken('responder');
    const res = await t.api(admin.token, 'PATCH', `/api/v1/users/${responder.id}`, { name: 'Ingrid Dahl', locale: 'nb', role: 'responder' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ name: 'Ingrid Dahl', locale: 'nb', role: 'responder' });
    const entries = await t.deps.db.selectFrom('audit_log').select(['action', 'details']).where('subject_type', '=', 'user').where('subject_id', '=', String(responder.id)).where('action', 'like', 'user.%').where('action', '!=', 'user.create').execute();
    expect(entries).toEqual([{ action: 'user.update', details: { email: responder.email, name: { from: 'Test responder', to: 'Ingrid Dahl' }, locale: { from: 'en', to: 'nb' } } }]);
  });

  it('lists users with their locale, state and last sign-in', async () => {
    const admin = await t.userWithToken('admin');
    const officer = await t.userWithToken('officer');
    await pageSession(t.app, officer.email, officer.password);
    const res = await t.api(admin.token, 'GET', '/api/v1/users');
    expect(res.status).toBe(200);
    const { users } = await res.json();
    const listed = users.find((u: { email: string }) => u.email === officer.email);
    expect(listed).toMatchObject({ role: 'officer', locale: 'en', disabled_at: null });
    expect(Date.parse(listed.last_sign_in_at)).toBeGreaterThan(Date.now() - 60_000);
    expect(users.find((u: { email: string }) => u.email === admin.email).last_sign_in_at).toBeNull();
  });

  it('refuses bad input with 400 naming the field, an unknown user with 404, and changes nothing', async () => {
    const admin = await t.userWithToken('admin');
    const officer = await t.userWithToken('officer');
    const cases: [unknown, RegExp][] = [
      [{ role: 'owner' }, /role/],
      [{ locale: 'de' }, /locale/],
      [{ name: '  ' }, /name/],
      [{ disabled: 'yes' }, /disabled/],
      [{ password: 'a new long password' }, /password/],
      [{}, /at least one/],
    ];
    for (const [body, message] of cases) {
      const res = await t.api(admin.token, 'PATCH', `/api/v1/users/${officer.id}`, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect((await res.json()).error.message).toMatch(message);
    }
    const missing = await t.api(admin.token, 'PATCH', '/api/v1/users/999999', { role: 'auditor' });
    expect(missing.status).toBe(404);
    expect(await auditActions(officer.id)).toEqual(['user.create']);
    const officerNow = await t.deps.db.selectFrom('users').select(['role', 'name', 'locale', 'disabled_at']).where('id', '=', officer.id).executeTakeFirstOrThrow();
    expect(officerNow).toEqual({ role: 'officer', name: 'Test officer', locale: 'en', disabled_at: null });
  });

  it('is for admins only', async () => {
    const officer = await t.userWithToken('officer');
    expect((await t.api(officer.token, 'PATCH', `/api/v1/users/${officer.id}`, { role: 'admin' })).status).toBe(403);
    expect((await t.api(officer.token, 'GET', '/api/v1/users')).status).toBe(403);
  });
});
