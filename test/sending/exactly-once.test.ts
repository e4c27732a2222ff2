import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/connection.ts';
import { TEST_SECRET, useTestApp } from '../helpers/app.ts';
import { useFakeResend } from '../helpers/fake-resend.ts';
import { cleanEnv, runTidings, type Spawned } from '../helpers/process.ts';
import { buildUpdate } from '../helpers/updates.ts';

const t = useTestApp();
const fake = useFakeResend({ keepBodies: false });
beforeEach(() => fake.reset());

function worker(logLevel = 'error'): Spawned {
  return runTidings(
    ['worker'],
    cleanEnv({
      DATABASE_URL: t.tdb.url,
      TIDINGS_SECRET: TEST_SECRET,
      RESEND_API_KEY: 're_test',
      RESEND_BASE_URL: fake.url,
      TIDINGS_BATCH_LEASE_SECONDS: '2',
      TIDINGS_SEND_RATE: '1000',
      TIDINGS_PUBLIC_URL: 'https://tidings.example.org',
      LOG_LEVEL: logLevel,
    }),
  );
}

async function status(db: Db, updateId: number): Promise<string> {
  return (await db.selectFrom('updates').select('status').where('id', '=', updateId).executeTakeFirstOrThrow()).status;
}

async function waitUntilSent(db: Db, updateId: number, ms: number, workers: () => Spawned[]): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if ((await status(db, updateId)) === 'sent') return;
    for (const w of workers()) if (w.child.exitCode !== null && w.child.signalCode === null) throw new Error(`a worker exited:\n${w.output()}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`update ${updateId} was not sent within ${ms} ms (status ${await status(db, updateId)})`);
}

async function expectExactlyOnce(db: Db, updateId: number, n: number, prefix: string): Promise<void> {
  const counts = fake.acceptedCountByRecipient();
  let mine = 0;
  for (const [address, count] of counts) {
    if (!address.startsWith(prefix)) continue;
    mine++;
    expect(count, address).toBe(1);
  }
  expect(mine).toBe(n);
  const rows = await db.selectFrom('deliveries').select(['status', 'provider_id']).where('update_id', '=', updateId).execute();
  expect(rows).toHaveLength(n);
  expect(rows.every((r) => r.status === 'sent')).toBe(true);
  expect(new Set(rows.map((r) => r.provider_id)).size).toBe(n);
  // At most one provider call per 100 recipients, plus the retried ones.
  const calls = fake.calls.filter((c) => c.path === '/emails/batch' && c.status === 200 && !c.replay).length;
  expect(calls).toBe(Math.ceil(n / 100));
}

describe('exactly once, whatever happens to the workers', () => {
  it('a worker killed with SIGKILL at random points while sending 20,000 recipients, restarted each time, sends each exactly once', async () => {
    const n = 20_000;
    // Approved and handed to the job queue to send now: the workers release and send it.
    const { updateId } = await buildUpdate(t, { newCustomers: { n, prefix: 'kill' }, until: 'scheduled' });
    fake.setDelay(5);
    const all: Spawned[] = [];
    // Kill points spread over the run: the first once sending has begun (so a
    // batch is surely in flight), the others at random moments after a restart.
    for (const [i, afterMs] of [500, 1500, 2500, 3500, 5000].entries()) {
      const w = worker();
      all.push(w);
      if (i === 0) {
        const until = Date.now() + 60_000;
        while (fake.stats().accepted === 0 && Date.now() < until && w.child.exitCode === null) await new Promise((r) => setTimeout(r, 20));
      }
      await new Promise((r) => setTimeout(r, afterMs * (0.6 + Math.random() * 0.8)));
      w.child.kill('SIGKILL');
      await w.exited;
      if ((await status(t.deps.db, updateId)) === 'sent') break;
    }
    const sentBeforeLast = fake.stats().accepted;
    const last = worker();
    all.push(last);
    try {
      await waitUntilSent(t.deps.db, updateId, 150_000, () => [last]);
    } finally {
      last.child.kill('SIGTERM');
      await last.exited;
    }
    fake.setDelay(0);
    expect(sentBeforeLast).toBeGreaterThan(0);
    await expectExactlyOnce(t.deps.db, updateId, n, 'kill');
    const reclaimed = await t.deps.db.selectFrom('send_batches').select((eb) => eb.fn.countAll<number>().as('n')).where('update_id', '=', updateId).where('attempts', '>', 1).executeTakeFirstOrThrow();
    console.log(`SIGKILL run: ${all.length} worker processes, ${reclaimed.n} batches retried after a kill, ${fake.stats().replays} idempotent replays answered by the provider`);
  }, 240_000);

  it('three worker processes share one update with no duplicates', async () => {
    const n = 6_000;
    // All three are up and polling before the work appears, so each gets a share.
    const workers = [worker('info'), worker('info'), worker('info')];
    const until = Date.now() + 60_000;
    while (!workers.every((w) => w.output().includes('worker started'))) {
      if (Date.now() > until) throw new Error(workers.map((w) => w.output()).join('\n'));
      await new Promise((r) => setTimeout(r, 100));
    }
    // Approved and handed to the job queue to send now: the workers release and send it.
    const { updateId } = await buildUpdate(t, { newCustomers: { n, prefix: 'three' }, until: 'scheduled' });
    fake.setDelay(20);
    try {
      await waitUntilSent(t.deps.db, updateId, 120_000, () => workers);
    } finally {
      fake.setDelay(0);
      for (const w of workers) w.child.kill('SIGTERM');
      await Promise.all(workers.map((w) => w.exited));
    }
    await expectExactlyOnce(t.deps.db, updateId, n, 'three');
    const byWorker = await t.deps.db.selectFrom('send_batches').select(['worker', (eb) => eb.fn.countAll<number>().as('n')]).where('update_id', '=', updateId).groupBy('worker').execute();
    expect(byWorker.length).toBeGreaterThanOrEqual(2);
  }, 180_000);
});
