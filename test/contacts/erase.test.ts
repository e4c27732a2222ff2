import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLI_ACTOR, recordAudit } from '../../src/audit/log.ts';
import { verifyAuditChain } from '../../src/audit/verify.ts';
import { signLink } from '../../src/links.ts';
import { addressPattern, eraseContact } from '../../src/contacts/erase.ts';
import { answerConversation } from '../../src/conversations/answer.ts';
import type { Delivery } from '../../src/db/types.ts';
import { fileQuestion, questionTarget } from '../../src/portal/questions.ts';
import { createSegment, previewSegment } from '../../src/segments/queries.ts';
import { claimBatch, failBatch } from '../../src/sending/batches.ts';
import { sendUpdateBatches } from '../../src/sending/sender.ts';
import { OutboxTransport } from '../../src/sending/transport.ts';
import { generateWebhookSecret } from '../fakes/resend.ts';
import { useTestApp } from '../helpers/app.ts';
import { useFakeResend } from '../helpers/fake-resend.ts';
import { seedContacts } from '../helpers/scenario.ts';
import { pageSession } from '../helpers/session.ts';
import { buildUpdate, senderDeps } from '../helpers/updates.ts';
import { postSigned } from '../webhooks/helpers.ts';

const secret = generateWebhookSecret();
const DOMAIN = 'replies.example.org';
const t = useTestApp({ publicUrl: 'https://tidings.example.org', resendWebhookSecret: secret, resendApiKey: 're_test', replyDomain: DOMAIN });
// Answers and inbound fetches of the app go to the fake too.
const fake = useFakeResend({ app: t });

const TARGET = 'era2@example.org';
/** A neighbour whose address contains the target's: the erasure must not touch it. */
const LOOKALIKE = 'xera2@example.org';
/** The target's address as a word in any text (not as part of the lookalike). */
const TARGET_RE = '(^|[^a-z0-9.+_-])era2@example\\.org';
const TABLES = ['contacts', 'deliveries', 'delivery_events', 'messages', 'outbox_messages', 'inbound_unmatched', 'follow_up_flags', 'conversations'] as const;

async function rowsMentioning(table: string, pattern: string): Promise<number> {
  const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)} t WHERE row_to_json(t)::text ~* ${pattern}`.execute(t.deps.db);
  return r.rows[0]!.n;
}

async function deliveryCounts(updateIds: number[]) {
  const rows = await t.deps.db
    .selectFrom('deliveries')
    .select(['update_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('update_id', 'in', updateIds)
    .groupBy('update_id')
    .orderBy('update_id')
    .execute();
  return rows.map((r) => ({ update_id: r.update_id, n: Number(r.n) }));
}

function sender() {
  return senderDeps(t.deps);
}

describe('erasing a customer (GDPR article 17)', () => {
  let contactId: number;
  let situationId: number;
  let cpId: number;
  let ruleSegmentId: number;
  let listSegmentId: number;
  let updates: number[];
  let target: Delivery;
  let countsBefore: Awaited<ReturnType<typeof deliveryCounts>>;
  let auditBefore: { entries: number; lastId: number };
  let officer: Awaited<ReturnType<typeof t.userWithToken>>;
  let queuedUpdate: number;

  beforeAll(async () => {
    await seedContacts(t.deps.db, 2, 'xera');
    // Update 1 through the (fake) provider: era1..3 and xera1..2.
    const first = await buildUpdate(t, { newCustomers: { n: 3, prefix: 'era' }, transport: fake.transport() });
    target = first.deliveries.find((d) => d.email === TARGET)!;
    contactId = target.contact_id;
    const u = await t.deps.db.selectFrom('updates').select(['situation_id', 'contact_point_id']).where('id', '=', first.updateId).executeTakeFirstOrThrow();
    situationId = u.situation_id;
    cpId = u.contact_point_id!;
    ruleSegmentId = (await t.deps.db.selectFrom('update_segments').select('segment_id').where('update_id', '=', first.updateId).executeTakeFirstOrThrow()).segment_id;
    listSegmentId = (await createSegment(t.deps.db, CLI_ACTOR, { name: 'era list', emails: ['era1@example.org', TARGET, LOOKALIKE] })).segment.id;

    // Update 2 through the local outbox, and update 3 released but not sent yet.
    const { updateId: second } = await buildUpdate(t, { situationId, segmentIds: [ruleSegmentId], contactPointId: cpId, subject: 'Second' });
    const queued = await buildUpdate(t, { situationId, segmentIds: [ruleSegmentId], contactPointId: cpId, until: 'released' });
    queuedUpdate = queued.updateId;
    expect(queued.release).toMatchObject({ released: true });
    updates = [first.updateId, second, queuedUpdate];

    // Provider events on update 1: delivered, then a hard bounce (which suppresses the address), with headers.
    for (const type of ['email.delivered', 'email.bounced'] as const) {
      const event = fake.emailEvent(type, target.provider_id!, { headers: [{ name: 'X-Original-To', value: TARGET }] });
      expect((await postSigned(t, fake.signWebhook(secret, event))).status).toBe(200);
    }
    const other = first.deliveries.find((d) => d.email === LOOKALIKE)!;
    expect((await postSigned(t, fake.signWebhook(secret, fake.emailEvent('email.delivered', other.provider_id!)))).status).toBe(200);

    // A reply by email to the routed address, and a question from the status page.
    const replyTo = /<([^>]+)>/.exec(fake.accepted.find((e) => e.id === target.provider_id)!.replyTo![0]!)![1]!;
    const inbound = fake.addInbound({
      from: `Customer Two <${TARGET.toUpperCase()}>`,
      to: replyTo,
      subject: 'Re: my membership, Customer Two',
      text: 'I am Customer Two, reach me at era2@example.org or +47 999 99 999.',
      html: '<p>I am Customer Two, reach me at era2@example.org</p>',
      messageId: `<${TARGET}>`,
    });
    expect((await postSigned(t, fake.signWebhook(secret, fake.receivedEvent(inbound)))).status).toBe(200);
    await fileQuestion(t.deps.db, (await questionTarget(t.deps.db, target.id))!, 'Customer Two asks: will my order arrive?');
    // Mail from the address that matched no conversation.
    const stray = fake.addInbound({ from: `Customer Two <${TARGET}>`, to: `info@${DOMAIN}`, subject: 'Customer Two: hello?', text: 'Anyone there?' });
    expect((await postSigned(t, fake.signWebhook(secret, fake.receivedEvent(stray)))).status).toBe(200);

    // An answer from the inbox, through the local outbox.
    const conversation = await t.deps.db.selectFrom('conversations').select('id').where('contact_id', '=', contactId).executeTakeFirstOrThrow();
    const responder = await t.userWithToken('responder');
    const answered = await answerConversation(t.deps.db, new OutboxTransport(t.deps.db), t.deps.config, { kind: 'user', userId: responder.id, label: 'responder' }, conversation.id, 'Dear Customer Two, yes it will.');
    expect(answered.sent).toBe(true);
    await t.deps.db.insertInto('follow_up_flags').values({ contact_id: contactId, conversation_id: conversation.id, note: 'Call Customer Two, era2@example.org' }).execute();

    // Everything holds the address before.
    for (const table of TABLES.filter((x) => x !== 'conversations')) expect(await rowsMentioning(table, TARGET_RE), table).toBeGreaterThan(0);
    countsBefore = await deliveryCounts(updates);
    officer = await t.userWithToken('officer');
  });

  it('refuses an auditor with 403 and changes nothing', async () => {
    const auditor = await t.userWithToken('auditor');
    const res = await t.api(auditor.token, 'POST', `/api/v1/contacts/${contactId}/erase`);
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('forbidden');
    const c = await t.deps.db.selectFrom('contacts').select(['email', 'erased_at']).where('id', '=', contactId).executeTakeFirstOrThrow();
    expect(c).toEqual({ email: TARGET, erased_at: null });
  });

  it('erases through the API: the address appears in no table, history keeps its counts, the chain holds with one more entry', async () => {
    const chainBefore = await verifyAuditChain(t.deps.db);
    expect(chainBefore.intact).toBe(true);
    const last = await t.deps.db.selectFrom('audit_log').select('id').orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
    auditBefore = { entries: chainBefore.entries, lastId: last.id };
    const before = await t.deps.db.selectFrom('contacts').select(['locale', 'timezone']).where('id', '=', contactId).executeTakeFirstOrThrow();
    const res = await t.api(officer.token, 'POST', `/api/v1/contacts/${contactId}/erase`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      contactId,
      deliveries: 3,
      cancelledQueued: 1,
      conversations: 1,
      messages: 3,
      inboundUnmatched: 1,
      followUps: 1,
      suppression: { kept: true, reason: 'bounced' },
      earlierAuditEntries: 0,
    });
    // delivered + bounced + the routed reply's email.received + the stray one's.
    expect(body['events']).toBe(4);
    // Update 2's email and the answer.
    expect(body['outbox']).toBe(2);
    expect(JSON.stringify(body)).not.toContain('era2@');

    for (const table of TABLES) expect(await rowsMentioning(table, TARGET_RE), table).toBe(0);
    // Nor the name, nor the attributes.
    const c = await t.deps.db.selectFrom('contacts').selectAll().where('id', '=', contactId).executeTakeFirstOrThrow();
    expect(c).toMatchObject({ email: `erased-${contactId}@erased.invalid`, name: `Erased contact ${contactId}`, attributes: {}, locale: before.locale, timezone: before.timezone });
    expect(c.erased_at).toBeInstanceOf(Date);
    for (const table of ['deliveries', 'messages', 'outbox_messages', 'inbound_unmatched', 'follow_up_flags']) {
      expect(await rowsMentioning(table, 'Customer Two'), table).toBe(0);
    }
    const ds = await t.deps.db.selectFrom('deliveries').selectAll().where('contact_id', '=', contactId).orderBy('id').execute();
    expect(ds.map((d) => d.name)).toEqual(Array(3).fill(`Erased contact ${contactId}`));
    // Statuses, subjects and hashes stay; the one not sent yet never will be.
    expect(ds[0]).toMatchObject({ id: target.id, status: 'bounced', subject: target.subject, body_hash: target.body_hash, provider_id: target.provider_id });
    expect(ds[2]).toMatchObject({ update_id: queuedUpdate, status: 'excluded', reason: 'erased' });
    const events = await t.deps.db.selectFrom('delivery_events').select(['type', 'payload']).where('delivery_id', '=', target.id).orderBy('id').execute();
    expect(events.map((e) => e.type)).toEqual(['email.delivered', 'email.bounced']);
    expect(events[1]!.payload).toMatchObject({ type: 'email.bounced', erased: true, data: { email_id: target.provider_id, tags: { delivery_id: String(target.id) }, bounce: { type: 'Permanent' } } });
    expect(Object.keys((events[1]!.payload as { data: object }).data).sort()).toEqual(['bounce', 'created_at', 'email_id', 'tags']);
    const messages = await t.deps.db.selectFrom('messages as m').innerJoin('conversations as cv', 'cv.id', 'm.conversation_id').select(['m.direction', 'm.text', 'm.subject', 'm.from_address', 'm.to_address', 'm.message_id']).where('cv.contact_id', '=', contactId).orderBy('m.id').execute();
    expect(messages.map((m) => [m.direction, m.text, m.subject])).toEqual([
      ['in', '[erased]', '[erased]'],
      ['in', '[erased]', '[erased]'],
      ['out', '[erased]', '[erased]'],
    ]);
    expect(messages[0]!.message_id).toBe(`<erased-${contactId}@erased.invalid>`);
    // The suppression is kept: the address is never mailed again, even if imported again.
    expect(await t.deps.db.selectFrom('suppressions').select('reason').where('email_lower', '=', TARGET).executeTakeFirst()).toEqual({ reason: 'bounced' });

    // The lookalike and everyone else are untouched.
    const neighbour = await t.deps.db.selectFrom('contacts').select(['email', 'erased_at']).where('email', '=', LOOKALIKE).executeTakeFirstOrThrow();
    expect(neighbour.erased_at).toBeNull();
    expect(await rowsMentioning('deliveries', '(^|[^a-z0-9.+_-])xera2@example\\.org')).toBe(3);
    expect(await rowsMentioning('outbox_messages', '(^|[^a-z0-9.+_-])xera2@example\\.org')).toBe(1);
    expect(await rowsMentioning('delivery_events', '(^|[^a-z0-9.+_-])xera2@example\\.org')).toBe(1);

    // Counts per update are unchanged.
    expect(await deliveryCounts(updates)).toEqual(countsBefore);

    // One more audit entry, counts only, and the chain is intact.
    const chain = await verifyAuditChain(t.deps.db);
    expect(chain).toMatchObject({ intact: true, entries: auditBefore.entries + 1 });
    expect(chain.brokenAt).toBeUndefined();
    const written = await t.deps.db.selectFrom('audit_log').selectAll().where('id', '>', auditBefore.lastId).execute();
    expect(written).toHaveLength(1);
    expect(written[0]).toMatchObject({ action: 'contact.erase', subject_type: 'contact', subject_id: String(contactId), actor_user_id: officer.id });
    expect(written[0]!.details).toEqual({ deliveries: 3, cancelledQueued: 1, events: 4, conversations: 1, messages: 3, inboundUnmatched: 1, followUps: 1, outbox: 2, suppressionKept: true, earlierAuditEntries: 0 });
    expect(JSON.stringify(written)).not.toMatch(/era2@|Customer Two/);
    // Neither did anything before it put the address in the log (answers name the contact id).
    expect(await rowsMentioning('audit_log', TARGET_RE)).toBe(0);
  });

  it('refuses a second erasure with a conflict', async () => {
    const res = await t.api(officer.token, 'POST', `/api/v1/contacts/${contactId}/erase`);
    expect(res.status).toBe(409);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('conflict');
    expect(body.error.message).toMatch(/already erased/);
    await expect(eraseContact(t.deps.db, CLI_ACTOR, 999_999)).rejects.toMatchObject({ code: 'not_found' });
  });

  it('never mails the erased customer again: the queued update skips them, later releases and previews leave them out', async () => {
    const outboxRows = () => t.deps.db.selectFrom('outbox_messages').select('idempotency_key').where('idempotency_key', 'like', `u${queuedUpdate}-%`).execute();
    expect(await outboxRows()).toEqual([]);
    await sendUpdateBatches(sender(), queuedUpdate);
    const status = await t.deps.db.selectFrom('updates').select('status').where('id', '=', queuedUpdate).executeTakeFirstOrThrow();
    expect(status.status).toBe('sent');
    const sent = (await outboxRows()).map((r) => r.idempotency_key);
    expect(sent).toHaveLength(4);
    expect(sent).not.toContain(`u${queuedUpdate}-c${contactId}`);

    for (const segmentId of [ruleSegmentId, listSegmentId]) {
      const segment = await t.deps.db.selectFrom('segments').select(['id', 'kind', 'rule']).where('id', '=', segmentId).executeTakeFirstOrThrow();
      const preview = await previewSegment(t.deps.db, segment, { sampleSize: 100 });
      expect(preview.sample.map((s) => s.id)).not.toContain(contactId);
      // Not eligible, and not counted as excluded either: they are no one's audience.
      expect(preview.excluded.suppressed).toBe(0);
    }
    const { updateId: later, release: released } = await buildUpdate(t, { situationId, segmentIds: [ruleSegmentId, listSegmentId], contactPointId: cpId, until: 'released' });
    expect(released).toMatchObject({ released: true, excluded: 0 });
    const recipients = await t.deps.db.selectFrom('deliveries').select(['contact_id']).where('update_id', '=', later).execute();
    expect(recipients.map((r) => r.contact_id)).not.toContain(contactId);
    expect(recipients).toHaveLength(4);
  });

  it("refuses the erased customer's status link like an invalid one, and answers to them", async () => {
    const token = signLink(t.deps.config.secret, { purpose: 'status', id: target.id, expiresAt: new Date(Date.now() + 86_400_000) });
    const res = await t.app.request(`/c/${token}`);
    expect(res.status).toBe(403);
    expect(await res.text()).not.toContain('Bokklubben restructuring');
    const ask = await t.app.request(`/c/${token}/messages`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'text=hello' });
    expect(ask.status).toBe(403);
    const conversation = await t.deps.db.selectFrom('conversations').select('id').where('contact_id', '=', contactId).executeTakeFirstOrThrow();
    await expect(answerConversation(t.deps.db, new OutboxTransport(t.deps.db), t.deps.config, CLI_ACTOR, conversation.id, 'Hello?')).rejects.toMatchObject({ code: 'conflict' });
    // A neighbour's link still opens.
    const other = await t.deps.db.selectFrom('deliveries').select('id').where('email', '=', 'era1@example.org').orderBy('id').limit(1).executeTakeFirstOrThrow();
    expect((await t.app.request(`/c/${signLink(t.deps.config.secret, { purpose: 'status', id: other.id, expiresAt: new Date(Date.now() + 86_400_000) })}`)).status).toBe(200);
  });
});

describe('the erase form on the contact page', () => {
  let ids: { word: number; email: number };
  beforeAll(async () => {
    await seedContacts(t.deps.db, 2, 'erapage');
    const rows = await t.deps.db.selectFrom('contacts').select(['id', 'email']).where('email', 'like', 'erapage%').orderBy('id').execute();
    ids = { word: rows[0]!.id, email: rows[1]!.id };
  });

  it('is shown to officers, not to auditors', async () => {
    const officer = await t.userWithToken('officer');
    const s = await pageSession(t.app, officer.email, officer.password);
    const html = await (await s.get(`/contacts/${ids.word}`)).text();
    expect(html).toContain(`action="/contacts/${ids.word}/erase"`);
    expect(html).toContain('name="_csrf"');
    expect(html).toMatch(/<label for="erase-confirm">\s*Type ERASE or the contact(&#39;|')s email address to confirm/);
    const auditor = await t.userWithToken('auditor');
    const a = await pageSession(t.app, auditor.email, auditor.password);
    const seen = await (await a.get(`/contacts/${ids.word}`)).text();
    expect(seen).not.toContain('/erase"');
    expect((await a.post(`/contacts/${ids.word}/erase`, { confirm: 'ERASE' })).status).toBe(403);
  });

  it('refuses a wrong confirmation and a missing CSRF token, erasing nothing', async () => {
    const officer = await t.userWithToken('officer');
    const s = await pageSession(t.app, officer.email, officer.password);
    const wrong = await s.post(`/contacts/${ids.word}/erase`, { confirm: 'erase please' });
    expect(wrong.status).toBe(400);
    const html = await wrong.text();
    expect(html).toMatch(/role="alert" id="erase-error">Nothing was erased: “erase please” is neither ERASE nor this contact(&#39;|')s email address\./);
    expect(html).toContain('aria-invalid="true"');
    const empty = await s.post(`/contacts/${ids.word}/erase`, { confirm: '' });
    expect(empty.status).toBe(400);
    expect(await empty.text()).toMatch(/Nothing was erased: type ERASE or this contact(&#39;|')s email address to confirm\./);
    const forged = await s.post(`/contacts/${ids.word}/erase`, { confirm: 'ERASE' }, { omitCsrf: true });
    expect(forged.status).toBe(403);
    const c = await t.deps.db.selectFrom('contacts').select('erased_at').where('id', '=', ids.word).executeTakeFirstOrThrow();
    expect(c.erased_at).toBeNull();
  });

  it('erases with ERASE or the address, then shows "Erased on" and no form', async () => {
    const officer = await t.userWithToken('officer');
    const s = await pageSession(t.app, officer.email, officer.password);
    const byWord = await s.post(`/contacts/${ids.word}/erase`, { confirm: 'ERASE' });
    expect(byWord.status).toBe(303);
    expect(byWord.headers.get('location')).toBe(`/contacts/${ids.word}?done=erased`);
    const page = await (await s.get(byWord.headers.get('location')!)).text();
    expect(page).toContain('role="status"');
    expect(page).toContain('personal data is erased');
    expect(page).toMatch(/Erased on \d/);
    expect(page).toContain(`erased-${ids.word}@erased.invalid`);
    expect(page).not.toContain('erapage1@example.org');
    expect(page).not.toContain('/erase"');

    const byEmail = await s.post(`/contacts/${ids.email}/erase`, { confirm: ' EraPage2@Example.org ' });
    expect(byEmail.status).toBe(303);
    const c = await t.deps.db.selectFrom('contacts').select(['email', 'erased_at']).where('id', '=', ids.email).executeTakeFirstOrThrow();
    expect(c.email).toBe(`erased-${ids.email}@erased.invalid`);
    const list = await (await s.get('/contacts?q=erased-')).text();
    expect(list).toContain('<span class="badge">erased</span>');
  });
});

describe('erasure edge cases', () => {
  it('counts earlier audit entries that name the address (the log is append-only, so they stay) and keeps the chain whole', async () => {
    await seedContacts(t.deps.db, 1, 'erold');
    const c = await t.deps.db.selectFrom('contacts').select('id').where('email', '=', 'erold1@example.org').executeTakeFirstOrThrow();
    // As answers were audited before addresses were kept out of the log.
    await t.deps.db.transaction().execute((tx) => recordAudit(tx, CLI_ACTOR, { action: 'conversation.answer', subjectType: 'conversation', subjectId: 1, details: { messageId: 1, to: 'erold1@example.org' } }));
    const r = await eraseContact(t.deps.db, CLI_ACTOR, c.id);
    expect(r).toMatchObject({ deliveries: 0, earlierAuditEntries: 1, suppression: { kept: false, reason: null } });
    expect((await verifyAuditChain(t.deps.db)).intact).toBe(true);
  });

  it('waits while an email to the customer is in a batch being sent, changing nothing', async () => {
    const { updateId, release } = await buildUpdate(t, { newCustomers: { n: 2, prefix: 'erbatch' }, until: 'released' });
    expect(release).toMatchObject({ released: true });
    const batch = await claimBatch(t.deps.db, updateId, 'slow-worker', 60);
    expect(batch?.members).toHaveLength(2);
    const id = batch!.members[0]!.contact_id;
    await expect(eraseContact(t.deps.db, CLI_ACTOR, id)).rejects.toMatchObject({ code: 'conflict', message: expect.stringMatching(/being sent right now/) });
    expect(await t.deps.db.selectFrom('contacts').select('erased_at').where('id', '=', id).executeTakeFirstOrThrow()).toEqual({ erased_at: null });
    // Once the batch is done, the erasure goes through.
    await failBatch(t.deps.db, batch!.id, 'test');
    expect(await eraseContact(t.deps.db, CLI_ACTOR, id)).toMatchObject({ deliveries: 1, cancelledQueued: 0 });
  });
});

describe('addressPattern', () => {
  it('matches the address as a whole, in any case, and not inside a longer address', async () => {
    const p = addressPattern('a.b+c@example.org');
    const r = await sql<{ s: string; m: boolean }>`
      SELECT s, s ~* ${p} AS m FROM unnest(${[
        'a.b+c@example.org',
        'Name <A.B+C@Example.org>',
        '"a.b+c@example.org"',
        'write to a.b+c@example.org.',
        'xa.b+c@example.org',
        'a.b+c@example.org.uk',
        'a.b+c@example.organic',
        'aXb+c@example.org',
      ]}::text[]) AS s`.execute(t.deps.db);
    expect(r.rows.map((x) => x.m)).toEqual([true, true, true, true, false, false, false, false]);
  });

  it('an import cannot revive a pseudonym: addresses on .invalid are refused with the reason', async () => {
    const officer = await t.userWithToken('officer');
    const res = await t.api(officer.token, 'POST', '/api/v1/contacts/import', 'email,name\nerased-1@erased.invalid,Someone\nfresh@example.org,Fresh\n', { 'content-type': 'text/csv' });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { created: number; rejected: { row: number; reason: string }[] };
    expect(body.created).toBe(1);
    expect(body.rejected).toEqual([expect.objectContaining({ row: 2, reason: 'the domain .invalid cannot receive mail' })]);
  });
});
