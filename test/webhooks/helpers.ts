import pino from 'pino';
import { expect } from 'vitest';
import { CLI_ACTOR } from '../../src/audit/log.ts';
import type { Db } from '../../src/db/connection.ts';
import { EmailComposer } from '../../src/sending/compose-email.ts';
import { releaseUpdate } from '../../src/sending/release.ts';
import { sendUpdateBatches, type SenderDeps } from '../../src/sending/sender.ts';
import { ResendTransport } from '../../src/sending/transport.ts';
import { createSegment } from '../../src/segments/queries.ts';
import { createDraft } from '../../src/updates/compose.ts';
import { approveUpdate, sendUpdate } from '../../src/updates/workflow.ts';
import type { FakeResend, SignedWebhook } from '../fakes/resend.ts';
import type { TestContext } from '../helpers/app.ts';
import { baseScenario, completeUpdate, seedContacts } from '../helpers/scenario.ts';

/** Seeds n contacts `${prefix}1..n@example.org`, composes, approves and releases an update to them. */
export async function releasedUpdate(t: TestContext, n: number, prefix: string): Promise<number> {
  const db = t.deps.db;
  await seedContacts(db, n, prefix);
  const { situation, cp } = await baseScenario(db);
  const { segment } = await createSegment(db, CLI_ACTOR, { name: `only ${prefix} ${Math.random().toString(36).slice(2)}`, rule: { all: [{ attribute: 'email', op: 'contains', value: `${prefix}` }] } });
  const draft = await createDraft(db, CLI_ACTOR, situation.id, completeUpdate(segment.id, cp.id));
  await approveUpdate(db, { kind: 'user', userId: null, label: 'approver' }, draft.id);
  await sendUpdate(db, t.deps.jobs, CLI_ACTOR, draft.id);
  const r = await releaseUpdate(db, draft.id);
  expect(r.released).toBe(true);
  return draft.id;
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
