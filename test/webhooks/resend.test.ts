import { beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../src/audit/verify.ts';
import type { Delivery } from '../../src/db/types.ts';
import { createApp } from '../../src/web.ts';
import { generateWebhookSecret, signWebhook } from '../fakes/resend.ts';
import { useTestApp } from '../helpers/app.ts';
import { useFakeResend } from '../helpers/fake-resend.ts';
import { buildUpdate } from '../helpers/updates.ts';
import { countRows, postSigned } from './helpers.ts';

const secret = generateWebhookSecret();
const t = useTestApp({ publicUrl: 'https://tidings.example.org', resendWebhookSecret: secret });
const fake = useFakeResend();
let deliveries: Delivery[];

beforeAll(async () => {
  ({ deliveries } = await buildUpdate(t, { newCustomers: { n: 12, prefix: 'sigtest' }, transport: fake.transport() }));
});

const status = async (id: number) => (await t.deps.db.selectFrom('deliveries').select(['status', 'bounce_type', 'reason']).where('id', '=', id).executeTakeFirstOrThrow());

describe('POST /webhooks/resend: signature', () => {
  it('accepts an event signed with the secret, stores it once, moves the delivery and audits it', async () => {
    const d = deliveries[0]!;
    const before = await countRows(t.deps.db);
    const signed = signWebhook(secret, fake.emailEvent('email.delivered', d.provider_id!));
    const res = await postSigned(t, signed);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, duplicate: false, deliveryId: d.id, status: 'delivered' });
    const after = await countRows(t.deps.db);
    expect(after.events).toBe(before.events + 1);
    expect(after.audit).toBe(before.audit + 1);
    const ev = await t.deps.db.selectFrom('delivery_events').selectAll().where('provider_event_id', '=', signed.headers['svix-id']).executeTakeFirstOrThrow();
    expect(ev).toMatchObject({ type: 'email.delivered', delivery_id: d.id, provider_email_id: d.provider_id });
    expect((await status(d.id)).status).toBe('delivered');
    // On the record as a member of a group, whose one chain entry holds the group's root.
    const entry = await t.deps.db.selectFrom('audit_members').selectAll().where('action', '=', 'delivery.event').orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
    expect(entry.actor).toBe('provider resend');
    expect(entry.details).toEqual({ eventId: signed.headers['svix-id'], type: 'email.delivered', deliveryId: d.id });
    const group = await t.deps.db.selectFrom('audit_log').selectAll().where('subject_id', '=', entry.group_key).executeTakeFirstOrThrow();
    expect(group).toMatchObject({ action: 'audit.group', details: { members: 1, of: 'delivery.event' } });
    expect((await verifyAuditChain(t.deps.db)).intact).toBe(true);
  });

  it('the event goes through the real HTTP stack via the fake emitter', async () => {
    const { serve } = await import('@hono/node-server');
    const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
      const s = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
    });
    try {
      const addr = server.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      const d = deliveries[1]!;
      const out = await fake.emitWebhook(`http://127.0.0.1:${port}/webhooks/resend`, secret, fake.emailEvent('email.delivered', d.provider_id!));
      expect(out.status).toBe(200);
      expect((await status(d.id)).status).toBe('delivered');
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });

  const refusals: [string, () => { body: string; headers: Record<string, string | undefined> }][] = [
    ['a signature made with another secret', () => signWebhook(generateWebhookSecret(), fake.emailEvent('email.bounced', deliveries[2]!.provider_id!))],
    [
      'a body altered after signing',
      () => {
        const s = signWebhook(secret, fake.emailEvent('email.delivered', deliveries[2]!.provider_id!));
        return { ...s, body: s.body.replace('email.delivered', 'email.bounced') };
      },
    ],
    [
      'a signature over another svix-id',
      () => {
        const s = signWebhook(secret, fake.emailEvent('email.bounced', deliveries[2]!.provider_id!));
        return { ...s, headers: { ...s.headers, 'svix-id': 'msg_other' } };
      },
    ],
    ['no svix-signature', () => { const s = signWebhook(secret, fake.emailEvent('email.bounced', deliveries[2]!.provider_id!)); return { ...s, headers: { ...s.headers, 'svix-signature': undefined } }; }],
    ['no svix-id', () => { const s = signWebhook(secret, fake.emailEvent('email.bounced', deliveries[2]!.provider_id!)); return { ...s, headers: { ...s.headers, 'svix-id': undefined } }; }],
    ['no svix-timestamp', () => { const s = signWebhook(secret, fake.emailEvent('email.bounced', deliveries[2]!.provider_id!)); return { ...s, headers: { ...s.headers, 'svix-timestamp': undefined } }; }],
    ['a timestamp 10 minutes old (correctly signed)', () => signWebhook(secret, fake.emailEvent('email.bounced', deliveries[2]!.provider_id!), { timestamp: Math.floor(Date.now() / 1000) - 600 })],
    ['a timestamp 10 minutes ahead (correctly signed)', () => signWebhook(secret, fake.emailEvent('email.bounced', deliveries[2]!.provider_id!), { timestamp: Math.floor(Date.now() / 1000) + 600 })],
    ['a garbage signature', () => { const s = signWebhook(secret, fake.emailEvent('email.bounced', deliveries[2]!.provider_id!)); return { ...s, headers: { ...s.headers, 'svix-signature': 'v1,AAAA' } }; }],
  ];
  for (const [name, make] of refusals) {
    it(`refuses ${name} with 401 and stores nothing`, async () => {
      const before = await countRows(t.deps.db);
      const { body, headers } = make();
      const res = await postSigned(t, { body, headers: {} as never }, headers);
      expect(res.status).toBe(401);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('unauthenticated');
      expect(await countRows(t.deps.db)).toEqual(before);
      expect((await status(deliveries[2]!.id)).status).toBe('sent');
    });
  }

  it('an event signed at the edge of the tolerance (4 minutes old) is accepted', async () => {
    const d = deliveries[3]!;
    const res = await postSigned(t, signWebhook(secret, fake.emailEvent('email.delivered', d.provider_id!), { timestamp: Math.floor(Date.now() / 1000) - 240 }));
    expect(res.status).toBe(200);
  });

  it('refuses every webhook with 401 when no signing secret is configured', async () => {
    const app = createApp({ ...t.deps, config: { ...t.deps.config, resendWebhookSecret: undefined } });
    const before = await countRows(t.deps.db);
    const s = signWebhook(secret, fake.emailEvent('email.delivered', deliveries[4]!.provider_id!));
    const res = await app.request('http://localhost/webhooks/resend', { method: 'POST', headers: { 'content-type': 'application/json', ...s.headers }, body: s.body });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/webhook signing secret is not configured/);
    expect(await countRows(t.deps.db)).toEqual(before);
  });

  it('refuses a correctly signed body that is not a JSON event with 400 and stores nothing', async () => {
    const before = await countRows(t.deps.db);
    for (const body of ['{not json', '[1,2]', '{"data":{}}']) {
      const res = await postSigned(t, signWebhook(secret, body));
      expect(res.status).toBe(400);
    }
    expect(await countRows(t.deps.db)).toEqual(before);
  });
});

describe('POST /webhooks/resend: idempotence', () => {
  it('a replayed event (same svix-id) answers 200, is stored once and changes nothing', async () => {
    const d = deliveries[5]!;
    const signed = signWebhook(secret, fake.emailEvent('email.bounced', d.provider_id!));
    const first = await postSigned(t, signed);
    expect(first.status).toBe(200);
    const afterFirst = await countRows(t.deps.db);
    // Redelivered by the provider: same id, re-signed with a fresh timestamp.
    for (let i = 0; i < 3; i++) {
      const again = await postSigned(t, signWebhook(secret, signed.body, { id: signed.headers['svix-id'] }));
      expect(again.status).toBe(200);
      expect(await again.json()).toMatchObject({ ok: true, duplicate: true });
    }
    expect(await countRows(t.deps.db)).toEqual(afterFirst);
    const n = await t.deps.db.selectFrom('delivery_events').select((eb) => eb.fn.countAll<string>().as('n')).where('provider_event_id', '=', signed.headers['svix-id']).executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(1);
    expect(await status(d.id)).toMatchObject({ status: 'bounced', bounce_type: 'hard' });
  });

  it('stores and acknowledges an event type it does not act on', async () => {
    const before = await countRows(t.deps.db);
    const res = await postSigned(t, signWebhook(secret, { type: 'contact.created', created_at: new Date().toISOString(), data: { id: 'c_1', email: 'x@example.org' } }));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, duplicate: false, deliveryId: null });
    expect((await countRows(t.deps.db)).events).toBe(before.events + 1);
  });

  it('an event for an email tidings did not send is stored without a delivery', async () => {
    const res = await postSigned(t, signWebhook(secret, { type: 'email.delivered', created_at: new Date().toISOString(), data: { email_id: 'not-ours', to: ['someone@example.org'], tags: { delivery_id: String(deliveries[6]!.id) } } }));
    expect(res.status).toBe(200);
    // The tag names a delivery that already has another provider id: not a match.
    expect(await res.json()).toMatchObject({ deliveryId: null });
    expect((await status(deliveries[6]!.id)).status).toBe('sent');
  });
});
