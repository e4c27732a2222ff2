import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TEST_SECRET, useTestApp } from '../helpers/app.ts';
import { cleanEnv, runTidings } from '../helpers/process.ts';
import { pageSession } from '../helpers/session.ts';

const t = useTestApp();
const home = mkdtempSync(path.join(os.tmpdir(), 'tidings-cli-users-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));
// Each command starts the real binary (a few seconds each on a busy machine).
const SLOW = 240_000;

/** Runs the real binary against this file's database. */
async function tidings(...args: string[]): Promise<{ code: number | null; out: string }> {
  const run = runTidings(args, cleanEnv({ DATABASE_URL: t.tdb.url, TIDINGS_SECRET: TEST_SECRET, TIDINGS_HOME: home }));
  const code = await run.exited;
  return { code, out: run.output() };
}

describe('tidings user', () => {
  it('lists, disables, enables, changes the role and sets a password, each recorded', async () => {
    const admin = await t.userWithToken('admin');
    const officer = await t.userWithToken('officer');
    await pageSession(t.app, officer.email, officer.password);

    const list = await tidings('user', 'list');
    expect(list.code, list.out).toBe(0);
    const lines = list.out.trim().split('\n');
    expect(lines[0]).toMatch(/^EMAIL\s+NAME\s+ROLE\s+LOCALE\s+STATE\s+LAST SIGN-IN$/);
    expect(lines.find((l) => l.startsWith(officer.email))).toMatch(/Test officer\s+officer\s+en\s+active\s+\d{4}-\d\d-\d\d \d\d:\d\d UTC$/);
    expect(lines.find((l) => l.startsWith(admin.email))).toMatch(/active\s+never$/);

    const disable = await tidings('user', 'disable', '--email', officer.email.toUpperCase());
    expect(disable.code, disable.out).toBe(0);
    expect(disable.out).toContain(`${officer.email} is disabled`);
    expect((await t.api(officer.token, 'GET', '/api/v1/contact-points')).status).toBe(401);
    expect((await tidings('user', 'list')).out).toMatch(new RegExp(`${officer.email}.*disabled since`));

    const enable = await tidings('user', 'enable', '--email', officer.email);
    expect(enable.code, enable.out).toBe(0);
    expect(enable.out).toContain(`${officer.email} is enabled`);
    expect((await t.api(officer.token, 'GET', '/api/v1/contact-points')).status).toBe(401);

    const role = await tidings('user', 'role', '--email', officer.email, '--role', 'responder');
    expect(role.code, role.out).toBe(0);
    expect(role.out).toContain(`${officer.email} is responder`);

    const given = await tidings('user', 'password', '--email', officer.email, '--password', 'a password from the cli');
    expect(given.code, given.out).toBe(0);
    expect(given.out).not.toContain('new password:');
    await pageSession(t.app, officer.email, 'a password from the cli');

    const generated = await tidings('user', 'password', '--email', officer.email);
    expect(generated.code, generated.out).toBe(0);
    expect(generated.out).toMatch(/1 session ended/);
    const password = /new password: (\S+)/.exec(generated.out)?.[1];
    expect(password).toHaveLength(16);
    await pageSession(t.app, officer.email, password!);

    const actions = await t.deps.db.selectFrom('audit_log').select(['action', 'actor']).where('subject_type', '=', 'user').where('subject_id', '=', String(officer.id)).where('action', 'like', 'user.%').orderBy('id').execute();
    expect(actions.map((a) => a.action)).toEqual(['user.create', 'user.disable', 'user.enable', 'user.role', 'user.password', 'user.password']);
    expect(actions.every((a) => a.actor === 'cli')).toBe(true);
  }, SLOW);

  it('refuses an unknown user, an unknown role, a short password and the last admin with a failing exit code and one clear line', async () => {
    const before = (await t.deps.db.selectFrom('audit_log').select('id').execute()).length;
    const unknown = await tidings('user', 'disable', '--email', 'nobody@example.org');
    expect(unknown.code).toBe(1);
    expect(unknown.out.trim()).toBe('tidings: no user with email nobody@example.org');

    const badRole = await tidings('user', 'role', '--email', 'nobody@example.org', '--role', 'owner');
    expect(badRole.code).not.toBe(0);
    expect(badRole.out).toMatch(/Allowed choices are officer, responder, auditor, admin/);

    const admins = await t.deps.db.selectFrom('users').select('email').where('role', '=', 'admin').execute();
    for (const a of admins.slice(1)) expect((await tidings('user', 'disable', '--email', a.email)).code).toBe(0);
    const last = await tidings('user', 'role', '--email', admins[0]!.email, '--role', 'officer');
    expect(last.code).toBe(1);
    expect(last.out).toMatch(/is the last active admin; make another user admin before you demote them/);

    const short = await tidings('user', 'password', '--email', admins[0]!.email, '--password', 'short');
    expect(short.code).toBe(1);
    expect(short.out).toMatch(/password: must be at least 12 characters/);
    expect((await t.deps.db.selectFrom('audit_log').select('id').execute()).length).toBe(before + admins.length - 1);
  }, SLOW);
});
