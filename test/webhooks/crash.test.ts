import { spawn } from 'node:child_process';
import path from 'node:path';
import { expect, it } from 'vitest';
import { verifyAuditChain } from '../../src/audit/verify.ts';
import { generateWebhookSecret, signWebhook } from '../fakes/resend.ts';
import { TEST_SECRET, useTestApp } from '../helpers/app.ts';
import { useFakeResend } from '../helpers/fake-resend.ts';
import { buildUpdate } from '../helpers/updates.ts';

const secret = generateWebhookSecret();
const t = useTestApp({ publicUrl: 'https://tidings.example.org', resendWebhookSecret: secret });
const fake = useFakeResend();
const ROOT = path.resolve(import.meta.dirname, '../..');

it('a web process killed (SIGKILL) during ingestion loses no event it answered 200, and the record verifies', async () => {
  const { deliveries } = await buildUpdate(t, { newCustomers: { n: 300, prefix: 'crash' }, transport: fake.transport() });
  const events = deliveries.flatMap((d) => (['email.sent', 'email.delivered'] as const).map((type) => signWebhook(secret, fake.emailEvent(type, d.provider_id!))));
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/bench/webhook-child.ts'), t.tdb.url, TEST_SECRET, secret], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  const url: string = await new Promise((resolve, reject) => {
    let buf = '';
    child.stdout!.on('data', (d) => {
      buf += d;
      if (buf.includes('\n')) resolve((JSON.parse(buf.split('\n')[0]!) as { url: string }).url);
    });
    child.once('exit', (code) => reject(new Error(`the web process exited (${code})`)));
  });
  const accepted: string[] = [];
  let failed = 0;
  let next = 0;
  await Promise.all(
    Array.from({ length: 32 }, async () => {
      while (next < events.length) {
        const e = events[next++]!;
        // Half way through, the process is killed without warning.
        if (next === events.length / 2) child.kill('SIGKILL');
        try {
          const res = await fetch(`${url}/webhooks/resend`, { method: 'POST', headers: { 'content-type': 'application/json', ...e.headers }, body: e.body });
          if (res.status === 200) accepted.push(e.headers['svix-id']!);
          else failed++;
        } catch {
          failed++;
        }
      }
    }),
  );
  expect(accepted.length).toBeGreaterThan(0);
  expect(failed).toBeGreaterThan(0);
  const stored = new Set((await t.deps.db.selectFrom('delivery_events').select('provider_event_id').execute()).map((r) => r.provider_event_id));
  const recorded = new Set((await t.deps.db.selectFrom('audit_members').select('subject_id').where('action', '=', 'delivery.event').execute()).map((r) => r.subject_id));
  expect(accepted.filter((id) => !stored.has(id))).toEqual([]);
  expect(accepted.filter((id) => !recorded.has(id))).toEqual([]);
  // What was stored is on the record exactly, answered or not (a commit whose answer the kill cut off).
  expect([...stored].filter((id) => !recorded.has(id))).toEqual([]);
  expect(await verifyAuditChain(t.deps.db)).toMatchObject({ intact: true });
}, 120_000);
