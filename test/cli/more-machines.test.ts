import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../../src/db/embedded.ts';
import { TEST_SECRET, useTestApp } from '../helpers/app.ts';
import { useFakeResend } from '../helpers/fake-resend.ts';
import { cleanEnv, runTidings, waitForHealth, type Spawned } from '../helpers/process.ts';
import { buildUpdate } from '../helpers/updates.ts';

/*
 * The README's "More machines": `tidings serve` and `tidings worker` processes,
 * each as if on its own machine, sharing nothing but PostgreSQL and the secret.
 */

const t = useTestApp();
const fake = useFakeResend({ keepBodies: false });

const spawned: Spawned[] = [];
afterEach(async () => {
  await Promise.all(
    spawned.splice(0).map(async (s) => {
      if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGTERM');
      await s.exited;
    }),
  );
});

function machine(command: 'serve' | 'worker' | 'audit', extra: Record<string, string> = {}, args: string[] = []): Spawned {
  const s = runTidings([command, ...args], {
    ...cleanEnv({
      DATABASE_URL: t.tdb.url,
      TIDINGS_SECRET: TEST_SECRET,
      RESEND_API_KEY: 're_test',
      RESEND_BASE_URL: fake.url,
      TIDINGS_BATCH_LEASE_SECONDS: '2',
      TIDINGS_SEND_RATE: '1000',
      TIDINGS_PUBLIC_URL: 'https://tidings.example.org',
      LOG_LEVEL: 'info',
      NODE_ENV: 'production',
    }),
    ...extra,
  });
  spawned.push(s);
  return s;
}

async function api(port: number, token: string, method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`http://127.0.0.1:${port}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

describe('more machines: two web processes and two workers on one PostgreSQL', () => {
  it('sends an update asked for on one web process, with a worker killed mid-send, to every recipient exactly once, and the record verifies', async () => {
    const n = 8_000;
    const ports = [await freePort(), await freePort()];
    const webs = ports.map((port) => machine('serve', { PORT: String(port) }));
    const workers = [machine('worker'), machine('worker')];
    await Promise.all(webs.map((w, i) => waitForHealth(ports[i]!, 60_000, w)));
    const upUntil = Date.now() + 60_000;
    while (!workers.every((w) => w.output().includes('worker started'))) {
      if (Date.now() > upUntil) throw new Error(workers.map((w) => w.output()).join('\n'));
      await new Promise((r) => setTimeout(r, 100));
    }

    const { updateId } = await buildUpdate(t, { newCustomers: { n, prefix: 'machines' }, until: 'approved' });
    const officer = await t.userWithToken('officer');
    fake.setDelay(10);
    const sent = await api(ports[0]!, officer.token, 'POST', `/updates/${updateId}/send`);
    expect(sent.status, await sent.clone().text()).toBe(200);

    // Mid-send: the provider has accepted some batches, not all; then one worker dies without a word.
    const midUntil = Date.now() + 60_000;
    while (fake.stats().accepted === 0 && Date.now() < midUntil) await new Promise((r) => setTimeout(r, 10));
    const acceptedAtKill = fake.stats().accepted;
    workers[0]!.child.kill('SIGKILL');
    await workers[0]!.exited;

    // The other web process sees the update through to `sent`, sent by the surviving worker.
    let status = '';
    const sentUntil = Date.now() + 150_000;
    while (Date.now() < sentUntil) {
      const res = await api(ports[1]!, officer.token, 'GET', `/updates/${updateId}`);
      status = ((await res.json()) as { status: string }).status;
      if (status === 'sent') break;
      if (workers[1]!.child.exitCode !== null) throw new Error(`the surviving worker exited:\n${workers[1]!.output()}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    fake.setDelay(0);
    expect(status).toBe('sent');
    expect(acceptedAtKill).toBeGreaterThan(0);
    expect(acceptedAtKill).toBeLessThan(n);

    // Every recipient got exactly one email.
    let recipients = 0;
    for (const [address, count] of fake.acceptedCountByRecipient()) {
      if (!address.startsWith('machines')) continue;
      recipients++;
      expect(count, address).toBe(1);
    }
    expect(recipients).toBe(n);
    const rows = await t.deps.db.selectFrom('deliveries').select(['status', 'provider_id']).where('update_id', '=', updateId).execute();
    expect(rows).toHaveLength(n);
    expect(rows.every((r) => r.status === 'sent')).toBe(true);
    expect(new Set(rows.map((r) => r.provider_id)).size).toBe(n);

    // And the record verifies, checked by the CLI as an auditor would.
    const verify = machine('audit', {}, ['verify']);
    expect(await verify.exited, verify.output()).toBe(0);
    expect(verify.output()).toMatch(/^intact: \d+ entries/m);
  }, 240_000);
});
