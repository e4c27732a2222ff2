import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { CLI_ACTOR } from '../../src/audit/log.ts';
import { createToken, revokeToken } from '../../src/auth/tokens.ts';
import { useTestApp } from '../helpers/app.ts';

const t = useTestApp();

describe('API authentication', () => {
  it('refuses a request without a token with the JSON error shape', async () => {
    const res = await t.app.request('/api/v1/contact-points');
    expect(res.status).toBe(401);
    const body = await res.json();
    expect(body.error.code).toBe('unauthenticated');
    expect(body.error.message).toMatch(/Bearer/);
  });

  it('refuses an unknown, a revoked and an expired token with 401 and says which', async () => {
    const admin = await t.userWithToken('admin');
    expect((await t.api(admin.token, 'GET', '/api/v1/contact-points')).status).toBe(200);

    const unknown = await t.api('tid_not-a-real-token', 'GET', '/api/v1/contact-points');
    expect(unknown.status).toBe(401);
    expect((await unknown.json()).error.message).toMatch(/not known/);

    const revoked = await createToken(t.deps.db, CLI_ACTOR, { userEmail: admin.email, name: 'to revoke' });
    await revokeToken(t.deps.db, CLI_ACTOR, revoked.id);
    const r = await t.api(revoked.token, 'GET', '/api/v1/contact-points');
    expect(r.status).toBe(401);
    expect((await r.json()).error.message).toMatch(/revoked/);

    const expiring = await createToken(t.deps.db, CLI_ACTOR, { userEmail: admin.email, name: 'short', expiresIn: '1m' });
    await sql`UPDATE api_tokens SET expires_at = now() - interval '1 second' WHERE id = ${expiring.id}`.execute(t.deps.db);
    const e = await t.api(expiring.token, 'GET', '/api/v1/contact-points');
    expect(e.status).toBe(401);
    expect((await e.json()).error.message).toMatch(/expired/);
  });

  it('stores tokens only as a hash', async () => {
    const admin = await t.userWithToken('admin');
    const rows = await t.deps.db.selectFrom('api_tokens').select(['token_hash', 'prefix']).execute();
    for (const row of rows) expect(row.token_hash).not.toContain(admin.token);
    expect(rows.some((r) => admin.token.startsWith(r.prefix))).toBe(true);
  });

  it('lets only admins manage users, and refuses an unknown role by name', async () => {
    const admin = await t.userWithToken('admin');
    const officer = await t.userWithToken('officer');
    const forbidden = await t.api(officer.token, 'POST', '/api/v1/users', { email: 'x@example.org', name: 'X', role: 'officer', password: 'long enough password' });
    expect(forbidden.status).toBe(403);
    expect((await forbidden.json()).error.code).toBe('forbidden');

    const badRole = await t.api(admin.token, 'POST', '/api/v1/users', { email: 'x@example.org', name: 'X', role: 'overlord', password: 'long enough password' });
    expect(badRole.status).toBe(400);
    const body = await badRole.json();
    expect(body.error.code).toBe('validation_failed');
    expect(body.error.message).toMatch(/role/);

    const ok = await t.api(admin.token, 'POST', '/api/v1/users', { email: 'x@example.org', name: 'X', role: 'auditor', password: 'long enough password' });
    expect(ok.status).toBe(201);
    const user = await t.deps.db.selectFrom('users').select('password_hash').where('email', '=', 'x@example.org').executeTakeFirstOrThrow();
    expect(user.password_hash).toMatch(/^\$argon2id\$/);
    expect(await ok.json()).toMatchObject({ locale: 'en' });

    const badLocale = await t.api(admin.token, 'POST', '/api/v1/users', { email: 'y@example.org', name: 'Y', role: 'officer', password: 'long enough password', locale: 'de' });
    expect(badLocale.status).toBe(400);
    const badLocaleError = (await badLocale.json()).error;
    expect(badLocaleError.code).toBe('invalid_input');
    expect(badLocaleError.message).toMatch(/locale: "de" is not a language tidings supports; use one of en, nb, sv, nl, hu/);
    const nb = await t.api(admin.token, 'POST', '/api/v1/users', { email: 'y@example.org', name: 'Y', role: 'officer', password: 'long enough password', locale: 'nb' });
    expect(await nb.json()).toMatchObject({ locale: 'nb' });
  });
});
