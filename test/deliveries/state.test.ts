import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { applyState, effectOf, rankOf, type DeliveryState } from '../../src/deliveries/state.ts';
import { claimBatch, recordBatchResults } from '../../src/sending/batches.ts';
import { generateWebhookSecret, signWebhook, type EmailEventType, type WebhookPayload } from '../fakes/resend.ts';
import { useTestApp } from '../helpers/app.ts';
import { useFakeResend } from '../helpers/fake-resend.ts';
import { buildUpdate } from '../helpers/updates.ts';
import { postSigned } from '../webhooks/helpers.ts';

const secret = generateWebhookSecret();
const t = useTestApp({ publicUrl: 'https://tidings.example.org', resendWebhookSecret: secret });
const fake = useFakeResend();

/** The eight outcomes a provider event can set, bounces split by type. */
const KINDS = ['sent', 'delivered', 'delivery_delayed', 'bounced-hard', 'bounced-soft', 'complained', 'failed', 'suppressed'] as const;
type Kind = (typeof KINDS)[number];

function eventFor(kind: Kind, email: string): WebhookPayload {
  if (kind === 'bounced-hard') return fake.emailEvent('email.bounced', email);
  if (kind === 'bounced-soft') return fake.emailEvent('email.bounced', email, { bounce: { type: 'Transient', subType: 'MailboxFull', message: 'The mailbox is full.' } });
  return fake.emailEvent(`email.${kind}` as EmailEventType, email);
}

function stateOf(kind: Kind): DeliveryState {
  const data = kind === 'bounced-soft' ? { bounce: { type: 'Transient' } } : kind === 'bounced-hard' ? { bounce: { type: 'Permanent' } } : {};
  const e = effectOf(`email.${kind.startsWith('bounced') ? 'bounced' : kind}`, data);
  if (e.kind !== 'state') throw new Error(kind);
  return e.state;
}

const PAIRS: [Kind, Kind][] = [];
for (let i = 0; i < KINDS.length; i++) for (let j = i + 1; j < KINDS.length; j++) PAIRS.push([KINDS[i]!, KINDS[j]!]);

describe('state machine (pure)', () => {
  it('ranks are a total order over every state an event can set', () => {
    const ranks = KINDS.map((k) => rankOf(stateOf(k)));
    expect(new Set(ranks).size).toBe(KINDS.length);
    expect(rankOf({ status: 'excluded', bounceType: null })).toBeNull();
  });

  it.each(['queued', 'sent'] as const)('every ordered pair of events settles the same from %s', (start) => {
    expect(PAIRS.length).toBe(28);
    for (const [a, b] of PAIRS) {
      const s0: DeliveryState = { status: start, bounceType: null };
      const ab = applyState(applyState(s0, stateOf(a)), stateOf(b));
      const ba = applyState(applyState(s0, stateOf(b)), stateOf(a));
      expect(ab, `${a} then ${b} vs ${b} then ${a}`).toEqual(ba);
    }
  });

  it('a delivered email never goes back to sent or delayed; a complaint or bounce after delivery wins', () => {
    const delivered: DeliveryState = { status: 'delivered', bounceType: null };
    expect(applyState(delivered, stateOf('sent'))).toEqual(delivered);
    expect(applyState(delivered, stateOf('delivery_delayed'))).toEqual(delivered);
    expect(applyState(delivered, stateOf('complained')).status).toBe('complained');
    expect(applyState(delivered, stateOf('bounced-soft'))).toEqual({ status: 'bounced', bounceType: 'soft' });
    expect(applyState({ status: 'bounced', bounceType: 'soft' }, stateOf('bounced-hard'))).toEqual({ status: 'bounced', bounceType: 'hard' });
    expect(applyState({ status: 'excluded', bounceType: null }, stateOf('delivered')).status).toBe('excluded');
  });

  it('opens and clicks never change the status; unknown types do nothing', () => {
    expect(effectOf('email.opened', {}).kind).toBe('opened');
    expect(effectOf('email.clicked', {}).kind).toBe('clicked');
    expect(effectOf('contact.created', {}).kind).toBe('none');
    expect(effectOf('email.scheduled', {}).kind).toBe('none');
  });
});

describe('state machine (webhooks into PostgreSQL)', () => {
  const row = (id: number) => t.deps.db.selectFrom('deliveries').select(['status', 'bounce_type', 'provider_id', 'opened_at', 'clicked_at']).where('id', '=', id).executeTakeFirstOrThrow();
  const post = async (payload: WebhookPayload) => {
    const res = await postSigned(t, signWebhook(secret, payload));
    expect(res.status).toBe(200);
  };

  it('every pair of events, posted in both orders, leaves both deliveries in the same state', async () => {
    const { deliveries } = await buildUpdate(t, { newCustomers: { n: PAIRS.length * 2, prefix: 'pairs' }, transport: fake.transport() });
    for (const [i, [a, b]] of PAIRS.entries()) {
      const x = deliveries[2 * i]!;
      const y = deliveries[2 * i + 1]!;
      await post(eventFor(a, x.provider_id!));
      await post(eventFor(b, x.provider_id!));
      await post(eventFor(b, y.provider_id!));
      await post(eventFor(a, y.provider_id!));
    }
    for (const [i, [a, b]] of PAIRS.entries()) {
      const x = await row(deliveries[2 * i]!.id);
      const y = await row(deliveries[2 * i + 1]!.id);
      const expected = applyState(applyState({ status: 'sent', bounceType: null }, stateOf(a)), stateOf(b));
      expect({ status: x.status, bounceType: x.bounce_type }, `${a} then ${b}`).toEqual(expected);
      expect({ status: y.status, bounceType: y.bounce_type }, `${b} then ${a}`).toEqual(expected);
    }
  });

  it('all eight events for one delivery posted at once settle on the highest rank', async () => {
    const { deliveries } = await buildUpdate(t, { newCustomers: { n: 10, prefix: 'burst' }, transport: fake.transport() });
    await Promise.all(
      deliveries.flatMap((d) => [...KINDS.filter((k) => k !== 'complained'), ...(d.id % 2 ? (['complained'] as const) : [])].map((k) => post(eventFor(k, d.provider_id!)))),
    );
    for (const d of deliveries) {
      const r = await row(d.id);
      expect(r.status).toBe(d.id % 2 ? 'complained' : 'bounced');
      if (!(d.id % 2)) expect(r.bounce_type).toBe('hard');
    }
  });

  it('an event before the send result is matched by the delivery_id tag and the later batch result keeps it', async () => {
    const { updateId } = await buildUpdate(t, { newCustomers: { n: 4, prefix: 'early' }, until: 'released' });
    const batch = (await claimBatch(t.deps.db, updateId, 'w-early', 30))!;
    expect(batch.members).toHaveLength(4);
    const [m0, m1, m2, m3] = batch.members as [typeof batch.members[0], typeof batch.members[0], typeof batch.members[0], typeof batch.members[0]];
    const ev = (type: string, m: { id: number; email: string }, extra: Record<string, unknown> = {}) => ({
      type,
      created_at: new Date().toISOString(),
      data: { email_id: `prov-early-${m.id}`, created_at: new Date().toISOString(), to: [m.email], subject: 's', tags: { update_id: String(updateId), delivery_id: String(m.id) }, ...extra },
    });
    await post(ev('email.delivered', m0));
    await post(ev('email.sent', m1));
    await post(ev('email.bounced', m2, { bounce: { type: 'Permanent', subType: 'General', message: 'no such user' } }));
    expect((await row(m0.id)).status).toBe('delivered');
    expect((await row(m0.id)).provider_id).toBeNull();
    // Now the provider's answer to the batch call is stored.
    await recordBatchResults(
      t.deps.db,
      batch,
      batch.members.map((m) => ({ ok: true as const, providerId: `prov-early-${m.id}` })),
      batch.members.map(() => ({ subject: 's', bodyHash: 'h' })),
    );
    expect(await row(m0.id)).toMatchObject({ status: 'delivered', provider_id: `prov-early-${m0.id}` });
    expect((await row(m1.id)).status).toBe('sent');
    expect(await row(m2.id)).toMatchObject({ status: 'bounced', bounce_type: 'hard' });
    expect((await row(m3.id)).status).toBe('sent');
    // Later events without tags are matched by the provider id alone.
    await post({ type: 'email.delivered', created_at: new Date().toISOString(), data: { email_id: `prov-early-${m3.id}`, to: [m3.email] } });
    expect((await row(m3.id)).status).toBe('delivered');
    const events = await t.deps.db.selectFrom('delivery_events').select(['delivery_id']).where('provider_email_id', 'like', 'prov-early-%').execute();
    expect(events.every((e) => e.delivery_id !== null)).toBe(true);
  });

  it('an excluded delivery is never moved by an event', async () => {
    const { updateId } = await buildUpdate(t, { newCustomers: { n: 2, prefix: 'exclev' }, until: 'released' });
    const d = await t.deps.db.selectFrom('deliveries').selectAll().where('update_id', '=', updateId).orderBy('id').executeTakeFirstOrThrow();
    await sql`UPDATE deliveries SET status = 'excluded', reason = 'unsubscribed' WHERE id = ${d.id}`.execute(t.deps.db);
    await post({ type: 'email.delivered', created_at: new Date().toISOString(), data: { email_id: 'prov-excl', tags: { delivery_id: String(d.id) } } });
    expect((await row(d.id)).status).toBe('excluded');
  });

  it('opens and clicks set opened_at/clicked_at only when tracking is on, and never change the status', async () => {
    const { deliveries } = await buildUpdate(t, { newCustomers: { n: 2, prefix: 'track' }, transport: fake.transport() });
    const [a, b] = deliveries as [(typeof deliveries)[0], (typeof deliveries)[0]];
    await post(fake.emailEvent('email.delivered', a.provider_id!));
    await post(fake.emailEvent('email.opened', a.provider_id!));
    await post(fake.emailEvent('email.clicked', a.provider_id!));
    expect(await row(a.id)).toMatchObject({ status: 'delivered', opened_at: null, clicked_at: null });

    await t.deps.db.insertInto('settings').values({ key: 'tracking', value: JSON.stringify(true) }).execute();
    try {
      await post(fake.emailEvent('email.opened', b.provider_id!));
      await post(fake.emailEvent('email.clicked', b.provider_id!));
      const r = await row(b.id);
      expect(r.status).toBe('sent');
      expect(r.opened_at).toBeInstanceOf(Date);
      expect(r.clicked_at).toBeInstanceOf(Date);
    } finally {
      await t.deps.db.deleteFrom('settings').where('key', '=', 'tracking').execute();
    }
  });
});
