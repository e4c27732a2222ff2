import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.ts';

// Its own file (and database): the rule counts every active admin there is.
const t = useTestApp();

async function activeAdmins(): Promise<number> {
  const rows = await t.deps.db.selectFrom('users').select('id').where('role', '=', 'admin').where('disabled_at', 'is', null).execute();
  return rows.length;
}

describe('the last active admin', () => {
  it('cannot be disabled or demoted (409 naming why), and nothing is written', async () => {
    const only = await t.userWithToken('admin');
    const before = await t.deps.db.selectFrom('audit_log').select('id').execute();

    const disable = await t.api(only.token, 'PATCH', `/api/v1/users/${only.id}`, { disabled: true });
    expect(disable.status).toBe(409);
    const body = await disable.json();
    expect(body.error.code).toBe('conflict');
    expect(body.error.message).toMatch(/last active admin/);

    const demote = await t.api(only.token, 'PATCH', `/api/v1/users/${only.id}`, { role: 'officer', name: 'Renamed' });
    expect(demote.status).toBe(409);
    expect((await demote.json()).error.message).toMatch(/last active admin/);

    expect(await activeAdmins()).toBe(1);
    expect((await t.deps.db.selectFrom('users').select('name').where('id', '=', only.id).executeTakeFirstOrThrow()).name).toBe('Test admin');
    expect(await t.deps.db.selectFrom('audit_log').select('id').execute()).toHaveLength(before.length);
    expect((await t.api(only.token, 'GET', '/api/v1/users')).status).toBe(200);
  });

  it('two admins disabling each other at the same moment leave one admin standing', async () => {
    const a = await t.userWithToken('admin');
    const b = await t.userWithToken('admin');
    // The first test's admin is still active: take it out first, so that a and b are the last two.
    const first = (await t.deps.db.selectFrom('users').select('id').where('role', '=', 'admin').orderBy('id').executeTakeFirstOrThrow()).id;
    expect((await t.api(a.token, 'PATCH', `/api/v1/users/${first}`, { disabled: true })).status).toBe(200);
    expect(await activeAdmins()).toBe(2);

    const [ab, ba] = await Promise.all([
      t.api(a.token, 'PATCH', `/api/v1/users/${b.id}`, { disabled: true }),
      t.api(b.token, 'PATCH', `/api/v1/users/${a.id}`, { role: 'officer' }),
    ]);
    // The loser is refused by the rule (409), or by its role when the winner's demotion landed before its request was authorised (403).
    const statuses = [ab.status, ba.status];
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409 || s === 403)).toHaveLength(1);
    expect(await activeAdmins()).toBe(1);
  });
});
