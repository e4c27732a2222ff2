import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../../src/db/embedded.ts';
import { cleanEnv, runTidings, waitForHealth, type Spawned } from '../helpers/process.ts';

const home = mkdtempSync(path.join(os.tmpdir(), 'tidings-workers-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

const spawned: Spawned[] = [];
afterEach(async () => {
  await Promise.all(
    spawned.splice(0).map(async (s) => {
      if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGTERM');
      await s.exited;
    }),
  );
});

/** The processes whose parent is `pid` (Linux /proc). */
function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // pid (comm) state ppid …; comm may hold spaces, so read after its closing parenthesis.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) out.push(Number(entry));
    } catch {
      /* gone meanwhile */
    }
  }
  return out;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The node children (sending workers) of the tidings process; the embedded postgres is its child too. */
function workerPids(parent: number): number[] {
  return childrenOf(parent).filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).at(-1) === 'worker';
    } catch {
      return false;
    }
  });
}

async function until<T>(what: string, fn: () => T | undefined | false, ms: number, output: () => string): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}:\n${output()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const lines = (output: string) =>
  output
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe('tidings start uses every core', () => {
  it('runs the web process and TIDINGS_WORKERS sending children on the one embedded database, restarts a killed child, and stops them all on SIGINT', async () => {
    const port = await freePort();
    const s = runTidings(['start'], cleanEnv({ TIDINGS_HOME: home, PORT: String(port), TIDINGS_WORKERS: '2' }));
    spawned.push(s);
    await waitForHealth(port, 120_000, s);
    const parent = s.child.pid!;
    const first = await until('two sending workers', () => (workerPids(parent).length === 2 ? workerPids(parent) : undefined), 60_000, s.output);
    // Each child says it started, its line tagged with its number; one database server serves them all.
    await until('both workers started', () => [1, 2].every((n) => lines(s.output()).some((l) => l.msg === 'worker started' && l.worker === n)), 60_000, s.output);
    expect(lines(s.output()).filter((l) => String(l.msg).startsWith('embedded PostgreSQL running'))).toHaveLength(1);

    // A crashed child is replaced by a new one.
    process.kill(first[0]!, 'SIGKILL');
    const second = await until('the killed worker replaced', () => {
      const now = workerPids(parent);
      return now.length === 2 && !now.includes(first[0]!) ? now : undefined;
    }, 30_000, s.output);
    expect(second).toContain(first[1]);
    expect(lines(s.output()).some((l) => l.level === 40 && /sending worker \d exited; restarting it/.test(String(l.msg)))).toBe(true);
    const pgPid = Number(readFileSync(path.join(home, 'pgdata', 'postmaster.pid'), 'utf8').split('\n')[0]);

    s.child.kill('SIGINT');
    expect(await s.exited, s.output()).toBe(0);
    for (const pid of [...second, pgPid]) expect(alive(pid), `process ${pid} still running`).toBe(false);
  }, 240_000);

  it('reads --workers over TIDINGS_WORKERS, and 0 keeps the sending in the one process', async () => {
    const port = await freePort();
    const s = runTidings(['start', '--workers', '0'], cleanEnv({ TIDINGS_HOME: home, PORT: String(port), TIDINGS_WORKERS: '3' }));
    spawned.push(s);
    await waitForHealth(port, 120_000, s);
    await until('the in-process worker', () => lines(s.output()).some((l) => l.msg === 'worker started' && l.worker === undefined), 30_000, s.output);
    expect(workerPids(s.child.pid!)).toEqual([]);
    s.child.kill('SIGTERM');
    expect(await s.exited).toBe(0);
  }, 180_000);

  it('refuses a worker count that is not a whole number: 2 for the option, 78 for the variable, naming it', async () => {
    const flag = runTidings(['start', '--workers', 'two'], cleanEnv({ TIDINGS_HOME: home }));
    spawned.push(flag);
    expect(await flag.exited).toBe(2);
    expect(flag.output()).toContain('--workers');
    const variable = runTidings(['start'], cleanEnv({ TIDINGS_HOME: home, TIDINGS_WORKERS: 'many' }));
    spawned.push(variable);
    expect(await variable.exited).toBe(78);
    expect(variable.output()).toContain('TIDINGS_WORKERS');
  }, 60_000);
});
