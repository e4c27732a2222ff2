import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.ts';
import { pageSession } from '../helpers/session.ts';

const t = useTestApp();

describe('the users page', () => {
  it('adds a user, and shows a refusal in place with its status and what was typed', async () => {
    const admin = await t.userWithToken('admin');
    const session = await pageSession(t.app, admin.email, admin.password);
    const form = { name: 'Ingrid Dahl', email: 'ingrid@example.org', role: 'responder', locale: 'nb', password: 'long enough password' };

    const added = await session.post('/users', form);
    expect(added.status).toBe(200);
    expect(await added.text()).toContain('Added Ingrid Dahl as responder.');

    const taken = await session.post('/users', form);
    expect(taken.status).toBe(409);
    const html = await taken.text();
    expect(html).toContain('a user with email ingrid@example.org already exists');
    expect(html).toContain('value="Ingrid Dahl"');

    const short = await session.post('/users', { ...form, email: 'other@example.org', password: 'short' });
    expect(short.status).toBe(400);
    expect(await short.text()).toMatch(/password must be at least 12 characters/);
  });

  it('creates and revokes an API token', async () => {
    const admin = await t.userWithToken('admin');
    const session = await pageSession(t.app, admin.email, admin.password);
    const created = await session.post('/users/tokens', { user: admin.email, name: 'ci', expires: '30d' });
    expect(created.status).toBe(200);
    expect(await created.text()).toMatch(/id="new-token">\s*tid_/);
    const token = await t.deps.db.selectFrom('api_tokens').select('id').where('name', '=', 'ci').executeTakeFirstOrThrow();
    const revoked = await session.post(`/users/tokens/${token.id}/revoke`, {});
    expect(revoked.status).toBe(200);
    expect(await revoked.text()).toContain('Token revoked.');
  });

  it('is for admins only', async () => {
    const officer = await t.userWithToken('officer');
    const session = await pageSession(t.app, officer.email, officer.password);
    expect((await session.get('/users')).status).toBe(403);
  });
});
