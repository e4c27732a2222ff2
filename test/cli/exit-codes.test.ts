import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useChainKey } from '../../src/audit/chain.ts';
import { CLI_ACTOR } from '../../src/audit/log.ts';
import { createUser } from '../../src/auth/users.ts';
import { freePort } from '../../src/db/embedded.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { cleanEnv, runTidings, waitForHealth, type Spawned } from '../helpers/process.ts';

// Scripts and supervisors act on these codes, as the README promises them:
// 0 done, 1 failed, 2 usage error, 3 rows rejected, 4 audit chain broken, 78 configuration error.
// Every case runs the real binary; the cases run concurrently to keep the file quick.

const home = mkdtempSync(path.join(os.tmpdir(), 'tidings-cli-'));
const csv = (name: string, text: string) => {
  const file = path.join(home, name);
  writeFileSync(file, text);
  return file;
};
const goodCsv = csv('good.csv', 'email,name\nada@example.org,Ada\n');
const rejectsCsv = csv('rejects.csv', 'email,name\nnot-an-email,Nobody\nbea@example.org,Bea\n');

let main: TestDatabase;
let broken: TestDatabase;
let brokenId: number;
const SECRET = 'exit-code-test-secret-of-enough-length-0123456789';
const envFor = (db: TestDatabase, extra: Record<string, string> = {}) => cleanEnv({ DATABASE_URL: db.url, TIDINGS_HOME: home, TIDINGS_SECRET: SECRET, ...extra });

async function run(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  const p = runTidings(args, env);
  const code = await p.exited;
  return { code, output: p.output() };
}

async function waitForOutput(p: Spawned, pattern: RegExp, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (!pattern.test(p.output())) {
    if (p.child.exitCode !== null || Date.now() > until) throw new Error(`no ${pattern} in:\n${p.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  // Entries written here are keyed as the CLI processes below will check them.
  useChainKey(SECRET);
  [main, broken] = await Promise.all([createTestDatabase(), createTestDatabase()]);
  await createUser(main.db, CLI_ACTOR, { email: 'kept@example.org', name: 'Kept', role: 'officer', password: 'a long enough password' });
  // A chain with a few entries, one of them then altered by a superuser behind the append-only trigger.
  for (const n of [1, 2, 3]) await createUser(broken.db, CLI_ACTOR, { email: `u${n}@example.org`, name: `U${n}`, role: 'auditor', password: 'a long enough password' });
  const su = new pg.Client({ connectionString: broken.url });
  await su.connect();
  try {
    const { rows } = await su.query<{ id: number }>('SELECT id FROM audit_log ORDER BY id DESC OFFSET 1 LIMIT 1');
    brokenId = Number(rows[0]!.id);
    await su.query('ALTER TABLE audit_log DISABLE TRIGGER USER');
    await su.query(`UPDATE audit_log SET details = '{"forged": true}' WHERE id = $1`, [brokenId]);
    await su.query('ALTER TABLE audit_log ENABLE TRIGGER USER');
  } finally {
    await su.end();
  }
});

afterAll(async () => {
  await Promise.all([main?.drop(), broken?.drop()]);
  rmSync(home, { recursive: true, force: true });
});

describe.concurrent('tidings exit codes', { timeout: 180_000 }, () => {
  it('0 for help', async ({ expect }) => {
    const r = await run(['--help'], cleanEnv({ TIDINGS_HOME: home }));
    expect(r.code, r.output).toBe(0);
    expect(r.output).toMatch(/Usage: tidings/);
  });

  it('2 for an unknown command, an unknown option, a missing argument, a bad option value or a missing subcommand', async ({ expect }) => {
    const env = cleanEnv({ TIDINGS_HOME: home });
    const cases: Array<[string[], RegExp]> = [
      [['frobnicate'], /unknown command 'frobnicate'/],
      [['audit', 'verify', '--bogus'], /unknown option '--bogus'/],
      [['import'], /missing required argument 'file'/],
      [['user', 'create', '--email', 'x@example.org', '--name', 'X', '--role', 'overlord'], /overlord/],
      [['bench', '--contacts', 'many'], /--contacts/],
      [['audit'], /Usage: tidings audit/],
    ];
    const results = await Promise.all(cases.map(([args]) => run(args, env)));
    results.forEach((r, i) => {
      expect(r.code, `${cases[i]![0].join(' ')}:\n${r.output}`).toBe(2);
      expect(r.output).toMatch(cases[i]![1]);
    });
  });

  it('78 for a bad setting, naming it', async ({ expect }) => {
    const r = await run(['migrate'], envFor(main, { PORT: 'eighty' }));
    expect(r.code, r.output).toBe(78);
    expect(r.output).toMatch(/^tidings: configuration error: PORT /);
  });

  it('migrate: 0 when up to date, 1 when the database cannot be reached', async ({ expect }) => {
    const unreachable = new URL(main.url);
    unreachable.pathname = '/tidings_no_such_database';
    const [ok, fail] = await Promise.all([run(['migrate'], envFor(main)), run(['migrate'], { ...envFor(main), DATABASE_URL: unreachable.toString() })]);
    expect(ok.code, ok.output).toBe(0);
    expect(ok.output).toMatch(/up to date/);
    expect(fail.code, fail.output).toBe(1);
    expect(fail.output).toMatch(/^tidings: /m);
  });

  it('import: 0 when every row is taken, 3 when rows were rejected (the others imported), 1 for a missing file', async ({ expect }) => {
    const env = envFor(main);
    const [good, rejects, missing] = await Promise.all([
      run(['import', goodCsv], env),
      run(['import', rejectsCsv], env),
      run(['import', path.join(home, 'absent.csv')], env),
    ]);
    expect(good.code, good.output).toBe(0);
    expect(good.output).toMatch(/created 1, updated 0, rejected 0/);
    expect(rejects.code, rejects.output).toBe(3);
    expect(rejects.output).toMatch(/rejected 1/);
    expect(rejects.output).toMatch(/row 2 \(not-an-email\)/);
    const bea = await main.db.selectFrom('contacts').select('email').where('email', '=', 'bea@example.org').execute();
    expect(bea).toHaveLength(1);
    expect(missing.code, missing.output).toBe(1);
  });

  it('user create and token create: 0 when done, 1 when refused', async ({ expect }) => {
    const env = envFor(main);
    const [created, duplicate, token, noSuchUser] = await Promise.all([
      run(['user', 'create', '--email', 'new@example.org', '--name', 'New', '--role', 'responder', '--password', 'a long enough password'], env),
      run(['user', 'create', '--email', 'kept@example.org', '--name', 'Again', '--role', 'officer'], env),
      run(['token', 'create', '--user', 'kept@example.org', '--name', 'CRM sync'], env),
      run(['token', 'create', '--user', 'nobody@example.org', '--name', 'CRM sync'], env),
    ]);
    expect(created.code, created.output).toBe(0);
    expect(created.output).toMatch(/created responder new@example.org/);
    expect(duplicate.code, duplicate.output).toBe(1);
    expect(duplicate.output).toMatch(/already exists/);
    expect(token.code, token.output).toBe(0);
    expect(noSuchUser.code, noSuchUser.output).toBe(1);
  });

  it('user reset-2fa: 0 when done, 1 for an unknown user', async ({ expect }) => {
    const env = envFor(main);
    const [reset, unknown] = await Promise.all([run(['user', 'reset-2fa', '--email', 'kept@example.org'], env), run(['user', 'reset-2fa', '--email', 'nobody@example.org'], env)]);
    expect(reset.code, reset.output).toBe(0);
    expect(reset.output).toMatch(/kept@example.org had no two-factor sign-in; nothing changed/);
    expect(unknown.code, unknown.output).toBe(1);
    expect(unknown.output).toMatch(/no user with the email nobody@example.org/);
  });

  it('audit verify: 0 when intact, 4 when broken', async ({ expect }) => {
    const [intact, tampered] = await Promise.all([run(['audit', 'verify'], envFor(main)), run(['audit', 'verify'], envFor(broken))]);
    expect(intact.code, intact.output).toBe(0);
    expect(intact.output).toMatch(/^intact: \d+ entries/m);
    expect(tampered.code, tampered.output).toBe(4);
    expect(tampered.output).toMatch(new RegExp(`broken at entry ${brokenId}\\b`));
  });

  it('demo --no-serve: 0 once loaded', async ({ expect }) => {
    const r = await run(['demo', '--no-serve'], envFor(broken));
    expect(r.code, r.output).toBe(0);
    expect(r.output).toMatch(/demo loaded/);
  });

  it('serve and worker: 0 when stopped by SIGTERM or SIGINT, 1 when the port is taken', async ({ expect }) => {
    const [port, takenPort] = await Promise.all([freePort(), freePort()]);
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(takenPort, '127.0.0.1', resolve));
    const serve = runTidings(['serve'], envFor(main, { PORT: String(port) }));
    const worker = runTidings(['worker'], envFor(main));
    try {
      const clash = run(['serve'], envFor(main, { PORT: String(takenPort) }));
      await Promise.all([waitForHealth(port, 60_000, serve), waitForOutput(worker, /RESEND_API_KEY is not set/, 60_000)]);
      serve.child.kill('SIGTERM');
      worker.child.kill('SIGINT');
      expect(await serve.exited, serve.output()).toBe(0);
      expect(await worker.exited, worker.output()).toBe(0);
      const c = await clash;
      expect(c.code, c.output).toBe(1);
      expect(c.output).toMatch(/EADDRINUSE|in use/);
    } finally {
      for (const p of [serve, worker]) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
      blocker.close();
    }
  });
});
