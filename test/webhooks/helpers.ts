import pino from 'pino';
import { expect } from 'vitest';
import type { Db } from '../../src/db/connection.ts';
import { EmailComposer } from '../../src/sending/compose-email.ts';
import { releaseUpdate } from '../../src/updates/release.ts';
import { sendUpdateBatches, type SenderDeps } from '../../src/sending/sender.ts';
import { ResendTransport } from '../../src/sending/transport.ts';
import type { FakeResend, SignedWebhook } from '../fakes/resend.ts';
import type { TestContext } from '../helpers/app.ts';
import { scheduledUpdateTo } from '../helpers/scenario.ts';

/** Seeds n contacts `${prefix}1..n@example.org`, composes, approves and releases an update to them. */
export async function releasedUpdate(t: TestContext, n: number, prefix: string): Promise<number> {
  const updateId = await scheduledUpdateTo(t.deps.db, t.deps.jobs, n, prefix);
  const r = await releaseUpdate(t.deps.db, updateId);
  expect(r.released).toBe(true);
  return updateId;
}

export function senderFor(t: TestContext, fake: FakeResend): SenderDeps {
  return {
    db: t.deps.db,
    transport: new ResendTransport('re_test', fake.url),
    composer: new EmailComposer(t.deps.config),
    log: pino({ level: 'silent' }),
    worker: `test-${Math.random()}`,
    rate: Infinity,
    leaseSeconds: 30,
  };
}

/** A released update handed to the fake provider: every delivery has a real provider id and the fake a record with tags. */
export async function sentUpdate(t: TestContext, fake: FakeResend, n: number, prefix: string) {
  const updateId = await releasedUpdate(t, n, prefix);
  const run = await sendUpdateBatches(senderFor(t, fake), updateId);
  expect(run.finished).toBe(true);
  const deliveries = await t.deps.db.selectFrom('deliveries').selectAll().where('update_id', '=', updateId).orderBy('id').execute();
  return { updateId, deliveries };
}

/** POSTs a signed webhook to the in-process app (the raw body exactly as signed). */
export async function postSigned(t: TestContext, signed: SignedWebhook, headers: Record<string, string | undefined> = {}): Promise<Response> {
  const h: Record<string, string> = { 'content-type': 'application/json' };
  for (const [k, v] of Object.entries({ ...signed.headers, ...headers })) if (v !== undefined) h[k] = v;
  return await t.app.request('http://localhost/webhooks/resend', { method: 'POST', headers: h, body: signed.body });
}

export async function countRows(db: Db) {
  const [events, audit, suppressions] = await Promise.all([
    db.selectFrom('delivery_events').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
    db.selectFrom('audit_log').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
    db.selectFrom('suppressions').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { events: Number(events.n), audit: Number(audit.n), suppressions: Number(suppressions.n) };
}
