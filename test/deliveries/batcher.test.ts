import { beforeAll, expect, it } from 'vitest';
import { verifyAuditChain } from '../../src/audit/verify.ts';
import type { DbOrTx } from '../../src/db/connection.ts';
import type { Delivery } from '../../src/db/types.ts';
import { ProviderEventBatcher } from '../../src/deliveries/batcher.ts';
import { applyProviderEvents } from '../../src/deliveries/apply-events.ts';
import type { ProviderEvent } from '../../src/deliveries/events.ts';
import { useTestApp } from '../helpers/app.ts';
import { useFakeResend } from '../helpers/fake-resend.ts';
import { buildUpdate } from '../helpers/updates.ts';

const t = useTestApp({ publicUrl: 'https://tidings.example.org' });
const fake = useFakeResend();
let deliveries: Delivery[];

beforeAll(async () => {
  ({ deliveries } = await buildUpdate(t, { newCustomers: { n: 8, prefix: 'batcher' }, transport: fake.transport() }));
});

const eventFor = (d: Delivery, n: number): ProviderEvent => ({ id: `msg_batch_${d.id}_${n}`, payload: fake.emailEvent('email.delivered', d.provider_id!) });

it('events arriving together share a commit; one that fails is refused alone and the rest are stored, each audited, chain intact', async () => {
  const transactions = new Set<DbOrTx>();
  const batcher = new ProviderEventBatcher(t.deps.db, async (tx, batch) => {
    transactions.add(tx);
    if (batch.some((event) => event.id.endsWith('_bad'))) throw new Error('this event cannot be applied');
    return applyProviderEvents(tx, batch);
  });
  const events = deliveries.map((d, i) => eventFor(d, i));
  const bad: ProviderEvent = { ...events[3]!, id: `${events[3]!.id}_bad` };
  const membersBefore = await t.deps.db.selectFrom('audit_members').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  const results = await Promise.allSettled([...events, bad].map((e) => batcher.submit(e)));

  expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(events.length);
  const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  expect(refused.map((r) => (r.reason as Error).message)).toEqual(['this event cannot be applied']);
  const stored = await t.deps.db.selectFrom('delivery_events').select('provider_event_id').where('provider_event_id', 'like', 'msg_batch_%').execute();
  expect(stored.map((s) => s.provider_event_id).sort()).toEqual(events.map((e) => e.id).sort());
  const statuses = await t.deps.db.selectFrom('deliveries').select('status').where('id', 'in', deliveries.map((d) => d.id)).execute();
  expect(statuses.every((s) => s.status === 'delivered')).toBe(true);
  // Each stored event is a member of a group on the record; the refused one is not.
  const membersAfter = await t.deps.db.selectFrom('audit_members').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  expect(Number(membersAfter.n) - Number(membersBefore.n)).toBe(events.length);
  expect((await verifyAuditChain(t.deps.db)).intact).toBe(true);
});

it('groups events that arrive while a commit is in progress into one transaction', async () => {
  const transactions = new Set<DbOrTx>();
  // One transaction at a time: the first goes at once; every other one waits for it and goes in the next.
  const batcher = new ProviderEventBatcher(
    t.deps.db,
    async (tx, batch) => {
      transactions.add(tx);
      return applyProviderEvents(tx, batch);
    },
    { concurrency: 1 },
  );
  const events = deliveries.map((d, i) => ({ ...eventFor(d, i), id: `msg_group_${d.id}` }));
  const outcomes = await Promise.all(events.map((e) => batcher.submit(e)));
  expect(outcomes.every((o) => !o.duplicate)).toBe(true);
  expect(transactions.size).toBe(2);
  expect((await verifyAuditChain(t.deps.db)).intact).toBe(true);
});

it('a redelivery inside the same batch is stored once and reported as a duplicate', async () => {
  const batcher = new ProviderEventBatcher(t.deps.db);
  const e: ProviderEvent = { id: 'msg_batch_twice', payload: fake.emailEvent('email.opened', deliveries[0]!.provider_id!) };
  const [first, second, third] = await Promise.all([batcher.submit(e), batcher.submit(e), batcher.submit(e)]);
  expect([first!.duplicate, second!.duplicate, third!.duplicate].filter((d) => !d)).toHaveLength(1);
  expect(await t.deps.db.selectFrom('delivery_events').select('id').where('provider_event_id', '=', 'msg_batch_twice').execute()).toHaveLength(1);
});
