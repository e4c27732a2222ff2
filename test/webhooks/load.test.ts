import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../src/audit/verify.ts';
import { generateWebhookSecret, signWebhook, type SignedWebhook } from '../fakes/resend.ts';
import { useTestApp } from '../helpers/app.ts';
import { useFakeResend } from '../helpers/fake-resend.ts';
import { buildUpdate } from '../helpers/updates.ts';

const secret = generateWebhookSecret();
const t = useTestApp({ publicUrl: 'https://tidings.example.org', resendWebhookSecret: secret });
const fake = useFakeResend();
let server: ServerType;
let url: string;

beforeAll(async () => {
  server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const addr = server.address();
  url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/webhooks/resend`;
});
afterAll(async () => {
  await new Promise<void>((r) => server?.close(() => r()));
});

/** Deterministic shuffle (mulberry32), so a failure can be reproduced. */
function shuffle<T>(a: T[], seed = 7): T[] {
  let s = seed;
  const rnd = () => {
    s = (s + 0x6d2b79f5) | 0;
    let x = Math.imul(s ^ (s >>> 15), 1 | s);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

describe('webhook load', () => {
  it('10,000 distinct events (and 500 redeliveries) posted concurrently over loopback: none lost, none counted twice', async () => {
    const RECIPIENTS = 2500;
    const { deliveries } = await buildUpdate(t, { newCustomers: { n: RECIPIENTS, prefix: 'load' }, transport: fake.transport() });
    const types = ['email.sent', 'email.delivery_delayed', 'email.delivered', 'email.opened'] as const;
    const events: SignedWebhook[] = [];
    for (const d of deliveries) for (const type of types) events.push(signWebhook(secret, fake.emailEvent(type, d.provider_id!)));
    expect(new Set(events.map((e) => e.headers['svix-id'])).size).toBe(10_000);
    // Redeliveries: the same event id and body, re-signed as Resend does on a retry.
    const redeliveries = events.slice(0, 500).map((e) => signWebhook(secret, e.body, { id: e.headers['svix-id'] }));
    const stream = shuffle([...events, ...redeliveries]);

    const statuses = new Map<number, number>();
    let duplicates = 0;
    let next = 0;
    const IN_FLIGHT = 50;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        while (next < stream.length) {
          const e = stream[next++]!;
          const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...e.headers }, body: e.body });
          const body = (await res.json()) as { duplicate?: boolean };
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          if (body.duplicate) duplicates++;
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const rate = Math.round(stream.length / seconds);
    console.log(`webhooks: ${stream.length} posts (10,000 distinct + 500 redeliveries) with ${IN_FLIGHT} in flight in ${seconds.toFixed(2)} s = ${rate} events/s`);

    expect(Object.fromEntries(statuses)).toEqual({ 200: 10_500 });
    expect(duplicates).toBe(500);
    const db = t.deps.db;
    const stored = await db
      .selectFrom('delivery_events')
      .select([(eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.count<number>('provider_event_id').distinct().as('ids'), (eb) => eb.fn.count<number>('delivery_id').as('matched')])
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({ n: 10_000, ids: 10_000, matched: 10_000 });
    const perDelivery = await db.selectFrom('delivery_events').select(['delivery_id', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('delivery_id').having((eb) => eb.fn.countAll(), '<>', 4).execute();
    expect(perDelivery).toEqual([]);
    // Each stored event is on the record once, as a member of a group; the chain grew by one entry per group.
    const audited = await db.selectFrom('audit_members').select([(eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.count<number>('subject_id').distinct().as('ids')]).where('action', '=', 'delivery.event').executeTakeFirstOrThrow();
    expect(audited).toEqual({ n: 10_000, ids: 10_000 });
    const groups = await db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).where('action', '=', 'audit.group').executeTakeFirstOrThrow();
    expect(groups.n).toBeLessThan(10_000);
    // Whatever order the events came in, every delivery settled on delivered.
    const states = await db.selectFrom('deliveries').select(['status', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('status').execute();
    expect(states).toEqual([{ status: 'delivered', n: RECIPIENTS }]);
    expect((await verifyAuditChain(db)).intact).toBe(true);
  }, 180_000);
});
