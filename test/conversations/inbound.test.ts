import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLI_ACTOR } from '../../src/audit/log.ts';
import { verifyAuditChain } from '../../src/audit/verify.ts';
import { eraseContact } from '../../src/contacts/erase.ts';
import { routedAddress, routedExpiry } from '../../src/sending/reply-address.ts';
import type { Delivery } from '../../src/db/types.ts';
import { generateWebhookSecret } from '../fakes/resend.ts';
import { TEST_SECRET, useTestApp } from '../helpers/app.ts';
import { useFakeResend } from '../helpers/fake-resend.ts';
import { pageSession } from '../helpers/session.ts';
import { buildUpdate } from '../helpers/updates.ts';
import { postSigned } from '../webhooks/helpers.ts';

const secret = generateWebhookSecret();
const DOMAIN = 'replies.example.org';
const t = useTestApp({ publicUrl: 'https://tidings.example.org', resendWebhookSecret: secret, resendApiKey: 're_test', replyDomain: DOMAIN });
// The app fetches inbound emails from the fake too (it reads its configuration per request).
const fake = useFakeResend({ app: t });

/** The routed Reply-To address the provider received for a delivery. */
function routedOf(d: Delivery): string {
  const email = fake.accepted.find((e) => e.id === d.provider_id);
  const replyTo = email?.replyTo?.[0];
  expect(replyTo).toMatch(/^"Ingrid Dahl" <r-[0-9a-z]+-[0-9a-z]+-[0-9a-f]{20}@replies\.example\.org>$/);
  return /<([^>]+)>/.exec(replyTo!)![1]!;
}

async function deliver(id: string, headers: Record<string, string> = {}) {
  const signed = fake.signWebhook(secret, fake.receivedEvent(id));
  const res = await postSigned(t, signed, headers);
  return { signed, res, body: (await res.json()) as Record<string, unknown> };
}

const messagesFor = (providerId: string) => t.deps.db.selectFrom('messages').selectAll().where('provider_id', '=', providerId).execute();
const unmatchedFor = (providerId: string) => t.deps.db.selectFrom('inbound_unmatched').selectAll().where('provider_email_id', '=', providerId).executeTakeFirst();

describe('email.received: a customer reply to a routed address', () => {
  let deliveries: Delivery[];
  let updateId: number;
  beforeAll(async () => {
    ({ deliveries, updateId } = await buildUpdate(t, { newCustomers: { n: 3, prefix: 'inbreply' }, transport: fake.transport() }));
  });

  it("lands in the right customer's conversation for the right update and contact point, quoted history stripped for display", async () => {
    const d = deliveries[1]!;
    const routed = routedOf(d);
    const original = [
      'Thank you. Will my order from February still arrive?',
      '',
      '-- ',
      'Kari',
      '',
      'On Mon, 2 Mar 2026 at 10:00, Ingrid Dahl <' + routed + '> wrote:',
      '> Your membership continues.',
    ].join('\n');
    const id = fake.addInbound({
      from: `${d.name} <${d.email}>`,
      to: [`"Ingrid Dahl" <${routed}>`],
      subject: 'Re: Your membership during the restructuring',
      text: original,
      inReplyTo: '<out-1@bokklubben.example.org>',
      references: '<out-1@bokklubben.example.org>',
    });
    const { res, body } = await deliver(id);
    expect(res.status).toBe(200);
    expect(body).toMatchObject({ ok: true, duplicate: false, matched: true, deliveryId: d.id, classification: 'human' });

    const [m] = await messagesFor(id);
    expect(m).toMatchObject({ direction: 'in', channel: 'email', classification: 'human', to_address: routed, text: original, in_reply_to: '<out-1@bokklubben.example.org>', references_ids: '<out-1@bokklubben.example.org>' });
    expect(m!.visible_text).toBe('Thank you. Will my order from February still arrive?');
    expect(m!.message_id).toBe(`<${id}@inbound.fake-resend.test>`);

    const conv = await t.deps.db.selectFrom('conversations').selectAll().where('id', '=', m!.conversation_id).executeTakeFirstOrThrow();
    const update = await t.deps.db.selectFrom('updates').select(['situation_id']).where('id', '=', updateId).executeTakeFirstOrThrow();
    expect(conv).toMatchObject({ contact_id: d.contact_id, update_id: updateId, situation_id: update.situation_id, contact_point_id: d.contact_point_id, status: 'open' });
    expect(d.contact_point_id).not.toBeNull();
    expect(conv.last_customer_message_at).not.toBeNull();
    // Nobody else's conversation was touched.
    const others = await t.deps.db.selectFrom('conversations').select('id').where('contact_id', 'in', [deliveries[0]!.contact_id, deliveries[2]!.contact_id]).execute();
    expect(others).toEqual([]);
    // The event is on record, once, and the audit chain holds.
    const events = await t.deps.db.selectFrom('delivery_events').select('type').where('provider_email_id', '=', id).execute();
    expect(events).toEqual([{ type: 'email.received' }]);
    const audit = await t.deps.db.selectFrom('audit_log').select('action').where('action', '=', 'conversation.customer_message').where('subject_id', '=', String(conv.id)).execute();
    expect(audit).toHaveLength(1);
    expect((await verifyAuditChain(t.deps.db)).intact).toBe(true);
  });

  it('files a redelivered webhook once (same event id, and a new event id for the same email)', async () => {
    const d = deliveries[0]!;
    const id = fake.addInbound({ from: d.email, to: routedOf(d), subject: 'Re: Update', text: 'A question.' });
    const first = await deliver(id);
    expect(first.body).toMatchObject({ duplicate: false, matched: true });
    const fetchesBefore = fake.calls.filter((c) => c.path === `/emails/receiving/${id}`).length;

    const again = await postSigned(t, first.signed);
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ ok: true, duplicate: true });
    // A redelivery is recognised before fetching anything.
    expect(fake.calls.filter((c) => c.path === `/emails/receiving/${id}`).length).toBe(fetchesBefore);

    const other = await deliver(id);
    expect(other.res.status).toBe(200);
    expect(await messagesFor(id)).toHaveLength(1);

    // Two deliveries of one email at the same moment still file it once.
    const twice = fake.addInbound({ from: d.email, to: routedOf(d), subject: 'Re: Update', text: 'Sent once, posted twice.' });
    const both = await Promise.all([deliver(twice), deliver(twice)]);
    expect(both.map((b) => b.res.status)).toEqual([200, 200]);
    expect(await messagesFor(twice)).toHaveLength(1);
    const audit = await t.deps.db.selectFrom('audit_log').select('id').where('action', '=', 'conversation.customer_message').where('details', '@>', sql<Record<string, unknown>>`${JSON.stringify({ messageId: (await messagesFor(id))[0]!.id })}`).execute();
    expect(audit).toHaveLength(1);
  });

  it('matches a reply whose routed address a mail system upper-cased', async () => {
    const d = deliveries[0]!;
    const id = fake.addInbound({ from: d.email, to: routedOf(d).toUpperCase(), subject: 'RE: Update', text: 'Shouting, sorry.' });
    const { body } = await deliver(id);
    expect(body).toMatchObject({ matched: true, deliveryId: d.id, classification: 'human' });
  });

  it('answers 503 and stores nothing when the provider cannot serve the body; the redelivery files it', async () => {
    const d = deliveries[2]!;
    const id = fake.addInbound({ from: d.email, to: routedOf(d), subject: 'Re: Update', text: 'Is my money safe?' });
    fake.failNext(1, { status: 503, on: 'receiving' });
    const signed = fake.signWebhook(secret, fake.receivedEvent(id));
    const down = await postSigned(t, signed);
    expect(down.status).toBe(503);
    expect(down.headers.get('retry-after')).toBe('60');
    expect(down.headers.get('cache-control')).toBe('no-store');
    expect((await down.json()).error.code).toBe('provider_unavailable');
    expect(await t.deps.db.selectFrom('delivery_events').select('id').where('provider_event_id', '=', signed.headers['svix-id']!).execute()).toEqual([]);
    expect(await messagesFor(id)).toEqual([]);
    expect(await unmatchedFor(id)).toBeUndefined();

    const retry = await postSigned(t, signed);
    expect(retry.status).toBe(200);
    expect(await retry.json()).toMatchObject({ duplicate: false, matched: true, deliveryId: d.id });
    expect(await messagesFor(id)).toHaveLength(1);
  });
});

describe('email.received: the provider will not give us the message', () => {
  const eventCount = (svixId: string) => t.deps.db.selectFrom('delivery_events').select('id').where('provider_event_id', '=', svixId).execute();

  it('a permanent refusal (404, 401) files it as unmatched mail with the reason and answers 200; a redelivery files nothing new', async () => {
    // A real 404: an event for a message the provider does not have (any more).
    const kari = { from: 'Kari <kari@example.net>', to: `r-x@${DOMAIN}`, subject: 'Re: Update 2' };
    const known = fake.receivedEvent(fake.addInbound({ ...kari, text: 'Gone.' }));
    const gone = 'gone-' + Date.now().toString(36);
    const ola = { from: 'Ola <ola@example.net>', to: `r-y@${DOMAIN}`, subject: 'Re: Update 3' };
    const denied = fake.addInbound({ ...ola, text: 'Denied.' });
    for (const [id, payload, status, name, sender] of [
      [gone, { ...known, data: { ...known.data, email_id: gone } }, 404, 'not_found', kari],
      [denied, fake.receivedEvent(denied), 401, 'missing_api_key', ola],
    ] as const) {
      if (status === 401) fake.failNext(1, { status, name, on: 'receiving' });
      const signed = fake.signWebhook(secret, payload);
      const res = await postSigned(t, signed);
      expect(res.status, String(status)).toBe(200);
      expect(await res.json()).toMatchObject({ ok: true, duplicate: false, matched: false, reason: 'provider_refused' });
      const row = await unmatchedFor(id);
      expect(row).toMatchObject({ reason: 'provider_refused', from_address: sender.from, subject: sender.subject, to_address: sender.to });
      expect(row!.payload).toMatchObject({ providerError: { status, name } });
      expect(await eventCount(signed.headers['svix-id']!)).toHaveLength(1);
      const audit = await t.deps.db.selectFrom('audit_log').select('details').where('action', '=', 'conversation.inbound_unmatched').where('subject_id', '=', String(row!.id)).execute();
      expect(audit).toEqual([{ details: { providerEmailId: id, reason: 'provider_refused' } }]);
      // Resend redelivers anyway (same event, or a new one for the same email): nothing more is filed.
      expect(await (await postSigned(t, signed)).json()).toMatchObject({ duplicate: true });
      expect((await postSigned(t, fake.signWebhook(secret, payload))).status).toBe(200);
      expect(await t.deps.db.selectFrom('inbound_unmatched').select('id').where('provider_email_id', '=', id).execute()).toHaveLength(1);
    }
    const s = await pageSession(t.app, (await t.userWithToken('officer')).email, 'correct horse battery staple');
    expect(await (await s.get('/unmatched')).text()).toContain('the email provider would not give us the message (404 not_found: Email not found)');
  });

  it('a temporary failure (429, 500, no answer) answers 503 with Retry-After and stores nothing', async () => {
    for (const fault of [{ status: 429, on: 'receiving' }, { status: 500, on: 'receiving' }, { drop: 'before', on: 'receiving' }] as const) {
      const id = fake.addInbound({ from: 'Per <per@example.net>', to: `r-z@${DOMAIN}`, subject: 'Re: Update', text: 'Later.' });
      fake.failNext(1, fault);
      const signed = fake.signWebhook(secret, fake.receivedEvent(id));
      const res = await postSigned(t, signed);
      expect(res.status, JSON.stringify(fault)).toBe(503);
      expect(res.headers.get('retry-after')).toBe('60');
      expect((await res.json()).error.code).toBe('provider_unavailable');
      expect(await eventCount(signed.headers['svix-id']!)).toEqual([]);
      expect(await unmatchedFor(id)).toBeUndefined();
    }
  });
});

describe('email.received: out-of-office replies are set aside', () => {
  const subjects: Array<[string, string]> = [
    ['en', 'Out of Office: Your membership during the restructuring'],
    ['nb', 'Automatisk svar: Medlemskapet ditt under rekonstruksjonen'],
    ['sv', 'Frånvaro: Medlemskapet ditt under rekonstruksjonen'],
    ['nl', 'Afwezig: Your membership during the restructuring'],
    ['hu', 'Házon kívül: Your membership during the restructuring'],
  ];
  let deliveries: Delivery[];
  beforeAll(async () => {
    ({ deliveries } = await buildUpdate(t, { newCustomers: { n: 5, prefix: 'inbooo' }, transport: fake.transport() }));
  });

  it.each(subjects.map(([lang, subject], i) => [lang, subject, i] as const))('%s: %j is filed as auto_reply and opens no conversation', async (_lang, subject, i) => {
    const d = deliveries[i]!;
    const id = fake.addInbound({ from: d.email, to: routedOf(d), subject, text: 'I am away until Monday and will read your message when I am back.' });
    const { res, body } = await deliver(id);
    expect(res.status).toBe(200);
    expect(body).toMatchObject({ matched: true, classification: 'auto_reply' });
    const [m] = await messagesFor(id);
    expect(m!.classification).toBe('auto_reply');
    const conv = await t.deps.db.selectFrom('conversations').selectAll().where('id', '=', m!.conversation_id).executeTakeFirstOrThrow();
    expect(conv.contact_id).toBe(d.contact_id);
    expect(conv.status).not.toBe('open');
    expect(conv.last_customer_message_at).toBeNull();
  });

  it('files a bounce notification as a bounce, opening nothing', async () => {
    const d = deliveries[0]!;
    const id = fake.addInbound({ from: 'MAILER-DAEMON@mx.example.org', to: routedOf(d), subject: 'Undelivered Mail Returned to Sender', text: 'This is the mail system.' });
    const { body } = await deliver(id);
    expect(body).toMatchObject({ matched: true, classification: 'bounce' });
    const [m] = await messagesFor(id);
    const conv = await t.deps.db.selectFrom('conversations').select(['status']).where('id', '=', m!.conversation_id).executeTakeFirstOrThrow();
    expect(conv.status).not.toBe('open');
  });
});

describe('email.received: mail that cannot be matched is kept as unmatched, never dropped', () => {
  let deliveries: Delivery[];
  beforeAll(async () => {
    ({ deliveries } = await buildUpdate(t, { newCustomers: { n: 2, prefix: 'inbunm' }, transport: fake.transport() }));
  });

  async function expectUnmatched(to: string, reason: string) {
    const id = fake.addInbound({ from: 'Someone <someone@example.net>', to, subject: 'Re: Update', text: 'Hello?' });
    const { res, body } = await deliver(id);
    expect(res.status).toBe(200);
    expect(body).toMatchObject({ ok: true, duplicate: false, matched: false, reason });
    const row = await unmatchedFor(id);
    expect(row).toMatchObject({ reason, from_address: 'Someone <someone@example.net>', subject: 'Re: Update' });
    expect(row!.payload).toMatchObject({ id, text: 'Hello?' });
    expect(await messagesFor(id)).toEqual([]);
    const audit = await t.deps.db.selectFrom('audit_log').select('id').where('action', '=', 'conversation.inbound_unmatched').where('subject_id', '=', String(row!.id)).execute();
    expect(audit).toHaveLength(1);
    return row!;
  }

  it('a forged routed address', async () => {
    const routed = routedOf(deliveries[0]!);
    const [local, domain] = routed.split('@') as [string, string];
    const forged = `${local.slice(0, -1)}${local.endsWith('0') ? '1' : '0'}@${domain}`;
    const row = await expectUnmatched(forged, 'forged');
    expect(row.to_address).toBe(forged);
  });

  it("a routed address with another delivery's id", async () => {
    const [, , exp, mac] = routedOf(deliveries[0]!).split('@')[0]!.split('-');
    await expectUnmatched(`r-${(deliveries[0]!.id + 1).toString(36)}-${exp}-${mac}@${DOMAIN}`, 'forged');
  });

  it('an expired routed address', async () => {
    const expired = routedAddress(TEST_SECRET, DOMAIN, { deliveryId: deliveries[0]!.id, expiresAt: routedExpiry(new Date(Date.now() - 181 * 86_400_000)) });
    await expectUnmatched(expired, 'expired');
  });

  it('a correctly signed address for a delivery that does not exist', async () => {
    await expectUnmatched(routedAddress(TEST_SECRET, DOMAIN, { deliveryId: 999_999_999, expiresAt: routedExpiry(new Date()) }), 'unknown_delivery');
  });

  it('an unknown address on the reply domain, and mail with no address on it', async () => {
    await expectUnmatched(`info@${DOMAIN}`, 'unknown_address');
    await expectUnmatched('support@bokklubben.example.org', 'no_routed_address');
  });

  it('a reply from a customer whose data was erased: kept for an officer, not filed under the pseudonym', async () => {
    const d = deliveries[1]!;
    const routed = routedOf(d);
    await eraseContact(t.deps.db, CLI_ACTOR, d.contact_id);
    await expectUnmatched(routed, 'contact_erased');
    expect(await t.deps.db.selectFrom('conversations').select('id').where('contact_id', '=', d.contact_id).execute()).toEqual([]);
  });
});
