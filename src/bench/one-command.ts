import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLI_ACTOR } from '../audit/log.ts';
import { createToken } from '../auth/tokens.ts';
import { createUser } from '../auth/users.ts';
import type { Config } from '../config.ts';
import type { Db } from '../db/connection.ts';
import { freePort } from '../db/embedded.ts';
import { approvedUpdateTo } from './fixtures.ts';
import type { FakeProcess } from './processes.ts';
import { fmt, line, pass } from './report.ts';

/*
 * The figures a user of the one command sees: `tidings start` as shipped (one
 * send worker per core, nothing tuned) against the scratch database and the
 * loopback provider, timed from the send call on its API to the provider's
 * first and last accepted email. Only the provider rate is raised: the default
 * (2 requests/s) is Resend's account limit, which the loopback provider has not.
 */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

interface Started {
  child: ChildProcess;
  port: number;
  workers: number;
  stop(): Promise<number | null>;
}

async function startTidings(dbUrl: string, config: Config, providerUrl: string): Promise<Started> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: dbUrl, TIDINGS_SECRET: config.secret, RESEND_API_KEY: 're_bench', RESEND_BASE_URL: providerUrl, TIDINGS_SEND_RATE: '1000', PORT: String(port), LOG_LEVEL: 'info' };
  const child = spawn(process.execPath, [path.join(ROOT, 'bin/tidings.js'), 'start'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let buffered = '';
  let workers = -1;
  let started = 0;
  let webUp = false;
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      buffered += d.toString();
      let nl: number;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const text = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        let entry: { msg?: string; workers?: number; level?: number };
        try {
          entry = JSON.parse(text) as typeof entry;
        } catch {
          continue;
        }
        if (entry.msg?.startsWith('tidings is running')) webUp = true;
        if (typeof entry.workers === 'number' && entry.msg?.startsWith('sending in')) workers = entry.workers;
        if (entry.msg === 'worker started') started++;
        if ((entry.level ?? 0) >= 50) process.stderr.write(`${text}\n`);
        if (webUp && started > 0 && started >= workers) resolve();
      }
    });
    void exited.then((code) => reject(new Error(`tidings start exited (${code}) before it was ready`)));
  });
  await ready;
  return {
    child,
    port,
    workers: Math.max(1, workers),
    async stop() {
      child.kill('SIGINT');
      return exited;
    },
  };
}

interface SendTiming {
  recipients: number;
  firstSeconds: number;
  lastSeconds: number;
  extraCopies: number;
}

/** Sends an approved update through the API and waits for the provider to have every email. */
async function timeSend(db: Db, tidings: Started, fake: FakeProcess, token: string, rule: unknown, name: string): Promise<SendTiming> {
  const updateId = await approvedUpdateTo(db, rule, name, { scheduled: false });
  await fake.reset();
  const t0 = Date.now();
  const res = await fetch(`http://127.0.0.1:${tidings.port}/api/v1/updates/${updateId}/send`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
  if (res.status !== 200) throw new Error(`the send call answered ${res.status}: ${await res.text()}`);
  for (;;) {
    await new Promise((r) => setTimeout(r, 200));
    if (tidings.child.exitCode !== null) throw new Error('tidings start exited during the send');
    const u = await db.selectFrom('updates').select('status').where('id', '=', updateId).executeTakeFirstOrThrow();
    if (u.status === 'sent') break;
  }
  const recipients = Number((await db.selectFrom('deliveries').select((eb) => eb.fn.countAll().as('n')).where('update_id', '=', updateId).where('status', '=', 'sent').executeTakeFirstOrThrow()).n);
  const st = (await fake.stats()) as Awaited<ReturnType<FakeProcess['stats']>> & { firstAcceptedAt: number | null; lastAcceptedAt: number | null };
  return { recipients, firstSeconds: ((st.firstAcceptedAt ?? t0) - t0) / 1000, lastSeconds: ((st.lastAcceptedAt ?? t0) - t0) / 1000, extraCopies: st.extraCopies };
}

export async function benchOneCommand(db: Db, dbUrl: string, config: Config, fake: FakeProcess, opts: { naiveRate: number }): Promise<void> {
  await fake.setRateLimit(null);
  const email = `bench-officer-${Date.now()}@bench.example.org`;
  await createUser(db, CLI_ACTOR, { email, name: 'Bench officer', role: 'officer', password: 'bench password long enough' });
  const { token } = await createToken(db, CLI_ACTOR, { userEmail: email, name: 'bench' });
  const tidings = await startTidings(dbUrl, config, fake.url);
  try {
    console.log(`\nOne command: tidings start, default configuration (${tidings.workers} send worker processes), from the send call on its API`);
    // A fifth of the contacts (one club): 200,000 at the default 1,000,000.
    const e2e = await timeSend(db, tidings, fake, token, { all: [{ attribute: 'club', op: 'eq', value: 'crime' }] }, 'one club');
    const rate = e2e.recipients / e2e.lastSeconds;
    line(`send call to last email, ${fmt(e2e.recipients)} recipients`, `${fmt(e2e.lastSeconds, 1)} s (${fmt(rate)} emails/s)`, `target ≥ 6,000 emails/s: ${pass(rate >= 6000)}`);
    line('send call to first email accepted', `${fmt(e2e.firstSeconds, 2)} s`, `target ≤ 2 s: ${pass(e2e.firstSeconds <= 2)}`);
    line('  naive path beside it (same run)', `${fmt(opts.naiveRate, 1)} emails/s`, `one command is ${fmt(rate / opts.naiveRate)}× faster`);
    const all = await timeSend(db, tidings, fake, token, { all: [{ attribute: 'email', op: 'exists' }] }, 'everyone, one command');
    const perMillion = all.lastSeconds * (1_000_000 / all.recipients);
    line(`hand-off of ${fmt(all.recipients)} (send call to last email)`, `${fmt(all.lastSeconds, 1)} s (${fmt(all.recipients / all.lastSeconds)} emails/s)`, `target ≤ 120 s for 1,000,000: ${pass(perMillion <= 120)}`);
    line('  first email of it after', `${fmt(all.firstSeconds, 2)} s`, `naive path: ${fmt(all.recipients / opts.naiveRate / 3600, 1)} h for the same`);
    line('copies accepted beyond one per recipient', `${e2e.extraCopies + all.extraCopies}`, `exactly one each: ${pass(e2e.extraCopies + all.extraCopies === 0)}`);
  } finally {
    const code = await tidings.stop();
    if (code !== 0) console.log(`  (tidings start exited ${code} on SIGINT)`);
  }
}
