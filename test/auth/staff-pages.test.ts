import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.ts';
import { pageSession } from '../helpers/session.ts';

const t = useTestApp();

async function signInStatus(email: string, password: string): Promise<number> {
  try {
    await pageSession(t.app, email, password);
    return 303;
  } catch (err) {
    return Number(/failed with (\d+)/.exec(String(err))?.[1]);
  }
}

describe('the users pages for admins', () => {
  // First in the file: here the admin is still the only one.
  it('refuses in place to disable or demote the last active admin', async () => {
    const admin = await t.userWithToken('admin');
    const session = await pageSession(t.app, admin.email, admin.password);
    const disable = await session.post(`/users/${admin.id}/disable`, {});
    expect(disable.status).toBe(409);
    expect(await disable.text()).toMatch(/is the last active admin; make another user admin before you disable them/);
    const demote = await session.post(`/users/${admin.id}`, { name: 'Test admin', role: 'officer', locale: 'en' });
    expect(demote.status).toBe(409);
    const html = await demote.text();
    expect(html).toMatch(/last active admin/);
    expect(html).toMatch(/<option value="officer" selected/);
    expect((await session.get('/users')).status).toBe(200);
  });

  it('lists each user with language and last sign-in, and changes name, role and language on their page', async () => {
    const admin = await t.userWithToken('admin');
    const responder = await t.userWithToken('responder');
    await pageSession(t.app, responder.email, responder.password);
    const session = await pageSession(t.app, admin.email, admin.password);

    const list = await (await session.get('/users')).text();
    expect(list).toContain('<th scope="col">Last sign-in</th>');
    expect(list).toContain(`href="/users/${responder.id}"`);

    const page = await session.get(`/users/${responder.id}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(responder.email);

    const saved = await session.post(`/users/${responder.id}`, { name: 'Ingrid Dahl', role: 'officer', locale: 'nb' });
    expect(saved.status).toBe(200);
    const html = await saved.text();
    expect(html).toContain('Saved. A new role applies from their next request.');
    expect(html).toMatch(/<option value="nb" selected/);
    const row = await t.deps.db.selectFrom('users').select(['name', 'role', 'locale']).where('id', '=', responder.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ name: 'Ingrid Dahl', role: 'officer', locale: 'nb' });

    const bad = await session.post(`/users/${responder.id}`, { name: 'Ingrid Dahl', role: 'overlord', locale: 'nb' });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/role: must be one of/);
    expect((await session.get('/users/999999')).status).toBe(404);
  });

  it('disables a user, which signs them out at once, and enables them again without their old session', async () => {
    const admin = await t.userWithToken('admin');
    const officer = await t.userWithToken('officer');
    const theirs = await pageSession(t.app, officer.email, officer.password);
    const session = await pageSession(t.app, admin.email, admin.password);

    const disabled = await session.post(`/users/${officer.id}/disable`, {});
    expect(disabled.status).toBe(200);
    const html = await disabled.text();
    expect(html).toContain('Disabled: their sessions have ended and their API tokens are revoked.');
    expect(html).toMatch(/disabled since/);
    expect((await theirs.get('/')).status).toBe(302);
    expect((await t.api(officer.token, 'GET', '/api/v1/contact-points')).status).toBe(401);
    expect(await signInStatus(officer.email, officer.password)).toBe(401);

    const enabled = await session.post(`/users/${officer.id}/enable`, {});
    expect(enabled.status).toBe(200);
    expect(await enabled.text()).toContain('Enabled: they can sign in again with their password.');
    expect((await theirs.get('/')).status).toBe(302);
    expect(await signInStatus(officer.email, officer.password)).toBe(303);
  });

  it('is for admins only', async () => {
    const officer = await t.userWithToken('officer');
    const session = await pageSession(t.app, officer.email, officer.password);
    expect((await session.get(`/users/${officer.id}`)).status).toBe(403);
    expect((await session.post(`/users/${officer.id}`, { name: 'X', role: 'admin', locale: 'en' })).status).toBe(403);
    expect((await session.post(`/users/${officer.id}/enable`, {})).status).toBe(403);
    expect((await t.deps.db.selectFrom('users').select('role').where('id', '=', officer.id).executeTakeFirstOrThrow()).role).toBe('officer');
  });
});

describe('a user changing their own password', () => {
  it('asks for the current one, ends their other sessions, keeps this one and the API token, and is recorded', async () => {
    const auditor = await t.userWithToken('auditor');
    const other = await pageSession(t.app, auditor.email, auditor.password);
    const session = await pageSession(t.app, auditor.email, auditor.password);
    const page = await session.get('/account');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Change your password');

    const wrong = await session.post('/account/password', { current: 'not my password at all', password: 'a brand new password', repeat: 'a brand new password' });
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain('that is not your current password');
    const mismatch = await session.post('/account/password', { current: auditor.password, password: 'a brand new password', repeat: 'a brand new passwort' });
    expect(mismatch.status).toBe(400);
    expect(await mismatch.text()).toContain('repeat: does not match the new password');
    const short = await session.post('/account/password', { current: auditor.password, password: 'short', repeat: 'short' });
    expect(short.status).toBe(400);
    expect(await short.text()).toContain('password: must be at least 12 characters');
    expect(await signInStatus(auditor.email, auditor.password)).toBe(303);

    const changed = await session.post('/account/password', { current: auditor.password, password: 'a brand new password', repeat: 'a brand new password' });
    expect(changed.status).toBe(200);
    expect(await changed.text()).toMatch(/Your password is changed\. 2 other sessions ended\./);
    expect((await session.get('/account')).status).toBe(200);
    expect((await other.get('/')).status).toBe(302);
    expect((await t.api(auditor.token, 'GET', '/api/v1/contact-points')).status).toBe(200);
    expect(await signInStatus(auditor.email, auditor.password)).toBe(401);
    expect(await signInStatus(auditor.email, 'a brand new password')).toBe(303);

    const entries = await t.deps.db.selectFrom('audit_log').select(['action', 'details', 'actor']).where('action', '=', 'user.password').where('subject_id', '=', String(auditor.id)).execute();
    expect(entries).toHaveLength(1);
    expect(entries[0]!.details).toEqual({ email: auditor.email, by: 'self', sessionsEnded: 2 });
    expect(entries[0]!.actor).toContain(auditor.email);
    expect(JSON.stringify(entries[0])).not.toContain('brand new');
  });

  it('links the own page from the header', async () => {
    const officer = await t.userWithToken('officer');
    const session = await pageSession(t.app, officer.email, officer.password);
    expect(await (await session.get('/')).text()).toContain('<a href="/account">Test officer</a>');
  });
});
