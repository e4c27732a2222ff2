import { beforeAll, describe, expect, it } from 'vitest';
import { answerConversation } from '../../src/conversations/answer.ts';
import { fileCustomerMessage } from '../../src/conversations/queries.ts';
import type { MailTransport, OutgoingEmail } from '../../src/sending/transport.ts';
import { createApp } from '../../src/web.ts';
import { useTestApp } from '../helpers/app.ts';
import { baseScenario, seedContacts } from '../helpers/scenario.ts';
import { pageSession } from '../helpers/session.ts';
import { buildUpdate } from '../helpers/updates.ts';
import { findRoutedAddress } from '../../src/sending/reply-address.ts';
import { OutboxTransport } from '../../src/sending/transport.ts';

const t = useTestApp({ from: 'Bokklubben <updates@bokklubben.example.org>' });
let situationId: number;
let segmentId: number;
let cpId: number;
let responder: Awaited<ReturnType<typeof t.userWithToken>>;

async function contactId(email: string) {
  return (await t.deps.db.selectFrom('contacts').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
}

beforeAll(async () => {
  await seedContacts(t.deps.db, 5, 'ans');
  const s = await baseScenario(t.deps.db);
  situationId = s.situation.id;
  segmentId = s.segment.id;
  cpId = s.cp.id;
  responder = await t.userWithToken('responder');
  await t.deps.db.updateTable('contact_points').set({ user_id: responder.id }).where('id', '=', cpId).execute();
});

const outboxFor = (to: string) => t.deps.db.selectFrom('outbox_messages').selectAll().where('to_address', '=', to).where('idempotency_key', 'like', 'answer-%').execute();

describe('answering a customer from the inbox', () => {
  it('sends one email through the outbox as a reply in the thread, in the contact person name, and marks the conversation answered', async () => {
    const f = await fileCustomerMessage(t.deps.db, {
      contactId: await contactId('ans1@example.org'),
      situationId,
      updateId: null,
      contactPointId: cpId,
      channel: 'email',
      from: 'ans1@example.org',
      to: 'reply@bokklubben.example.org',
      subject: 'Re: Your membership during the restructuring',
      text: 'When will I get my books?\n\n> Your membership continues.',
      visibleText: 'When will I get my books?',
      messageId: '<cust-1@mail.example.net>',
      references: '<update-1@bokklubben.example.org>',
      classification: 'human',
    });
    const s = await pageSession(t.app, responder.email, responder.password);
    const res = await s.post(`/inbox/${f.conversationId}/answer`, { text: 'Dear customer,\n\nYour books ship on Monday.' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/inbox/${f.conversationId}?done=answered`);

    const sent = await outboxFor('ans1@example.org');
    expect(sent).toHaveLength(1);
    const out = await t.deps.db.selectFrom('messages').selectAll().where('conversation_id', '=', f.conversationId).where('direction', '=', 'out').executeTakeFirstOrThrow();
    const email = sent[0]!;
    expect(email.idempotency_key).toBe(`answer-${out.id}`);
    expect(email.from_address).toBe('"Ingrid Dahl" <updates@bokklubben.example.org>');
    expect(email.reply_to).toBe('"Ingrid Dahl" <ingrid@bokklubben.example.org>');
    // One "Re:" only.
    expect(email.subject).toBe('Re: Your membership during the restructuring');
    // The answer, then the customer's words (not their quoted history) under a line in their language (ans1: nb).
    expect(email.text).toMatch(/^Dear customer,\n\nYour books ship on Monday\.\n\nDu skrev [a-zæøå]+dag \d{1,2}\. [a-zæøå]+ \d{4}:\n> When will I get my books\?$/);
    expect(email.html).toMatch(/<p>Dear customer,<\/p>\n<p>Your books ship on Monday\.<\/p>\n<p>Du skrev .+:<\/p>\n<blockquote style="[^"]+">When will I get my books\?<\/blockquote>/);
    const headers = (typeof email.headers === 'string' ? JSON.parse(email.headers) : email.headers) as Record<string, string>;
    expect(headers).toEqual({
      'Message-ID': `<answer-${out.id}@bokklubben.example.org>`,
      'In-Reply-To': '<cust-1@mail.example.net>',
      References: '<update-1@bokklubben.example.org> <cust-1@mail.example.net>',
    });
    expect(out).toMatchObject({ author_user_id: responder.id, message_id: `<answer-${out.id}@bokklubben.example.org>`, in_reply_to: '<cust-1@mail.example.net>', provider_id: `outbox:${email.id}` });

    const cv = await t.deps.db.selectFrom('conversations').select(['status', 'answered_at']).where('id', '=', f.conversationId).executeTakeFirstOrThrow();
    expect(cv.status).toBe('answered');
    expect(cv.answered_at).toBeInstanceOf(Date);
    const audit = await t.deps.db.selectFrom('audit_log').selectAll().where('action', '=', 'conversation.answer').where('subject_id', '=', String(f.conversationId)).execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_user_id: responder.id, details: { messageId: out.id, contactId: await contactId('ans1@example.org') } });
    // The customer's address never enters the (unalterable) audit log.
    expect(JSON.stringify(audit[0])).not.toContain('ans1@example.org');

    const thread = await (await s.get(`/inbox/${f.conversationId}?done=answered`)).text();
    expect(thread).toContain('Your books ship on Monday.');
    expect(thread).toContain('Your answer was sent to the customer.');

    // The customer writes again: the conversation reopens and waits afresh.
    await fileCustomerMessage(t.deps.db, { contactId: await contactId('ans1@example.org'), situationId, updateId: null, contactPointId: cpId, channel: 'email', from: 'ans1@example.org', to: 'x', subject: 'Re: Re: Your membership', text: 'Thanks!', visibleText: 'Thanks!', classification: 'human' });
    expect((await t.deps.db.selectFrom('conversations').select('status').where('id', '=', f.conversationId).executeTakeFirstOrThrow()).status).toBe('open');
  });

  it('threads an answer to a status-page question under the conversation root id', async () => {
    const f = await fileCustomerMessage(t.deps.db, {
      contactId: await contactId('ans2@example.org'),
      situationId,
      updateId: null,
      contactPointId: cpId,
      channel: 'portal',
      from: 'ans2@example.org',
      to: 'ingrid@bokklubben.example.org',
      subject: 'Question from the status page',
      text: 'Is my deposit safe?',
      visibleText: 'Is my deposit safe?',
      classification: 'human',
    });
    const s = await pageSession(t.app, responder.email, responder.password);
    expect((await s.post(`/inbox/${f.conversationId}/answer`, { text: 'Yes, it is.' })).status).toBe(303);
    const [email] = await outboxFor('ans2@example.org');
    const headers = (typeof email!.headers === 'string' ? JSON.parse(email!.headers) : email!.headers) as Record<string, string>;
    expect(headers['In-Reply-To']).toBe(`<conversation-${f.conversationId}@tidings>`);
    expect(headers['References']).toBe(`<conversation-${f.conversationId}@tidings>`);
    // In the customer's language (ans2: sv), not the English label the question is filed under.
    expect(email!.subject).toBe('Re: Fråga från statussidan');
  });

  it('refuses an empty answer and an answer by a responder of another contact point, sending nothing', async () => {
    const f = await fileCustomerMessage(t.deps.db, { contactId: await contactId('ans3@example.org'), situationId, updateId: null, contactPointId: cpId, channel: 'portal', from: 'ans3@example.org', to: 'x', subject: 'Q', text: 'Q?', visibleText: 'Q?', classification: 'human' });
    const s = await pageSession(t.app, responder.email, responder.password);
    const empty = await s.post(`/inbox/${f.conversationId}/answer`, { text: '  ' });
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain('write an answer before sending');
    const other = await t.userWithToken('responder');
    const s2 = await pageSession(t.app, other.email, other.password);
    expect((await s2.post(`/inbox/${f.conversationId}/answer`, { text: 'Hi' })).status).toBe(404); // another contact point's conversation is not found, so ids do not leak
    expect(await outboxFor('ans3@example.org')).toHaveLength(0);
    expect((await t.deps.db.selectFrom('conversations').select('status').where('id', '=', f.conversationId).executeTakeFirstOrThrow()).status).toBe('open');
  });

  it('keeps an answer the provider refused as not sent, and the customer still waiting, on the record', async () => {
    const f = await fileCustomerMessage(t.deps.db, { contactId: await contactId('ans4@example.org'), situationId, updateId: null, contactPointId: cpId, channel: 'portal', from: 'ans4@example.org', to: 'x', subject: 'Q', text: 'Q?', visibleText: 'Q?', classification: 'human' });
    const keys: string[] = [];
    const failed: OutgoingEmail[] = [];
    const failing: MailTransport = {
      name: 'resend',
      rateLimited: true,
      sendBatch: async (emails, key) => {
        keys.push(key);
        failed.push(...emails);
        return { kind: 'retryable', message: 'provider unavailable' };
      },
    };
    const r = await answerConversation(t.deps.db, failing, t.deps.config, { kind: 'user', userId: responder.id, label: 'responder' }, f.conversationId, 'We are on it.');
    expect(r).toMatchObject({ sent: false, reason: 'provider unavailable' });
    expect(keys).toEqual([`answer-${r.messageId}`]);
    const msg = await t.deps.db.selectFrom('messages').select(['provider_id', 'direction']).where('id', '=', r.messageId).executeTakeFirstOrThrow();
    expect(msg).toEqual({ provider_id: null, direction: 'out' });
    expect((await t.deps.db.selectFrom('conversations').select('status').where('id', '=', f.conversationId).executeTakeFirstOrThrow()).status).toBe('open');
    expect(await t.deps.db.selectFrom('audit_log').select('id').where('action', '=', 'conversation.answer_failed').where('subject_id', '=', String(f.conversationId)).execute()).toHaveLength(1);
    const s = await pageSession(t.app, responder.email, responder.password);
    const thread = await (await s.get(`/inbox/${f.conversationId}`)).text();
    expect(thread).toContain('not sent');
    expect(thread).toContain(`action="/inbox/${f.conversationId}/messages/${r.messageId}/resend"`);

    // Sent again from the thread: the very same email under the same key, so a first attempt
    // that did reach the provider after all would make this one a duplicate it drops.
    const again = await s.post(`/inbox/${f.conversationId}/messages/${r.messageId}/resend`, {});
    expect(again.status).toBe(303);
    const [stored] = await outboxFor('ans4@example.org');
    expect(stored).toMatchObject({ idempotency_key: `answer-${r.messageId}`, subject: failed[0]!.subject, html: failed[0]!.html, reply_to: failed[0]!.replyTo, from_address: failed[0]!.from });
    expect(stored!.headers).toEqual(failed[0]!.headers);
    expect((await t.deps.db.selectFrom('messages').select('provider_id').where('id', '=', r.messageId).executeTakeFirstOrThrow()).provider_id).not.toBeNull();
    expect((await t.deps.db.selectFrom('conversations').select('status').where('id', '=', f.conversationId).executeTakeFirstOrThrow()).status).toBe('answered');
    expect(await t.deps.db.selectFrom('audit_log').select('id').where('action', '=', 'conversation.answer_resend').where('subject_id', '=', String(f.conversationId)).execute()).toHaveLength(1);
    // Once sent, it cannot be sent again.
    const twice = await t.api(responder.token, 'POST', `/api/v1/conversations/${f.conversationId}/messages/${r.messageId}/resend`);
    expect(twice.status).toBe(409);
    expect(await outboxFor('ans4@example.org')).toHaveLength(1);
  });

  it('shows an answer the provider refused in the thread with a 502, the draft kept, and sends it again from there', async () => {
    const f = await fileCustomerMessage(t.deps.db, { contactId: await contactId('ans3@example.org'), situationId, updateId: null, contactPointId: cpId, channel: 'portal', from: 'ans3@example.org', to: 'x', subject: 'Q', text: 'Refund?', visibleText: 'Refund?', classification: 'human' });
    const refusing: MailTransport = { name: 'resend', rateLimited: true, sendBatch: async () => ({ kind: 'rejected', message: 'domain not verified' }) };
    const down = await pageSession(createApp({ ...t.deps, transport: refusing }), responder.email, responder.password);
    const res = await down.post(`/inbox/${f.conversationId}/answer`, { text: 'Yes, in full.' });
    expect(res.status).toBe(502);
    const html = await res.text();
    expect(html).toContain('The answer was not sent: domain not verified. It is kept in the thread as not sent; the customer is still waiting.');
    expect(html).toMatch(/<textarea[^>]*name="text"[^>]*>Yes, in full\.<\/textarea>/);
    const kept = await t.deps.db.selectFrom('messages').select('id').where('conversation_id', '=', f.conversationId).where('direction', '=', 'out').executeTakeFirstOrThrow();
    const again = await down.post(`/inbox/${f.conversationId}/messages/${kept.id}/resend`, {});
    expect(again.status).toBe(502);
    expect(await again.text()).toContain('The answer was not sent again: domain not verified. It stays in the thread as not sent');
    expect((await t.deps.db.selectFrom('conversations').select('status').where('id', '=', f.conversationId).executeTakeFirstOrThrow()).status).toBe('open');
  });

  it("with a reply domain, the answer's Reply-To is the routed address of the customer's latest delivery", async () => {
    const { updateId } = await buildUpdate(t, { situationId, segmentIds: [segmentId], contactPointId: cpId, subject: 'Første oppdatering' });
    const d = await t.deps.db.selectFrom('deliveries').select(['id', 'contact_id']).where('update_id', '=', updateId).where('email', '=', 'ans5@example.org').executeTakeFirstOrThrow();
    const f = await fileCustomerMessage(t.deps.db, { contactId: d.contact_id, situationId, updateId, contactPointId: cpId, channel: 'portal', from: 'ans5@example.org', to: 'x', subject: 'Q', text: 'Q?', visibleText: 'Q?', classification: 'human' });
    const config = { ...t.deps.config, replyDomain: 'reply.bokklubben.example.org' };
    const r = await answerConversation(t.deps.db, new OutboxTransport(t.deps.db), config, { kind: 'user', userId: responder.id, label: 'responder' }, f.conversationId, 'Answered.');
    expect(r.sent).toBe(true);
    const [email] = await outboxFor('ans5@example.org');
    expect(email!.reply_to).toMatch(/^"Ingrid Dahl" <r-[0-9a-z-]+@reply\.bokklubben\.example\.org>$/);
    const address = /<([^>]+)>/.exec(email!.reply_to!)![1]!;
    const found = findRoutedAddress(t.deps.config.secret, 'reply.bokklubben.example.org', [address]);
    expect(found).toMatchObject({ found: true, check: { ok: true, route: { deliveryId: d.id } } });
  });

  it('through the API: lists open conversations (a responder only their own), shows one, answers it, and reports a refused send as 502 with the message kept', async () => {
    const f = await fileCustomerMessage(t.deps.db, { contactId: await contactId('ans2@example.org'), situationId, updateId: null, contactPointId: cpId, channel: 'portal', from: 'ans2@example.org', to: 'x', subject: 'Via the API', text: 'Will I get a refund?', visibleText: 'Will I get a refund?', classification: 'human' });
    const list = (await (await t.api(responder.token, 'GET', '/api/v1/conversations?state=open')).json()) as { conversations: { id: number; customerEmail: string }[] };
    expect(list.conversations.map((c) => c.id)).toContain(f.conversationId);
    const stranger = await t.userWithToken('responder');
    const theirs = (await (await t.api(stranger.token, 'GET', '/api/v1/conversations')).json()) as { conversations: unknown[] };
    expect(theirs.conversations).toEqual([]);
    expect((await t.api(stranger.token, 'GET', `/api/v1/conversations/${f.conversationId}`)).status).toBe(404);
    const one = (await (await t.api(responder.token, 'GET', `/api/v1/conversations/${f.conversationId}`)).json()) as { messages: { text: string; direction: string }[] };
    expect(one.messages.map((m) => [m.direction, m.text])).toContainEqual(['in', 'Will I get a refund?']);
    const auditor = await t.userWithToken('auditor');
    expect((await t.api(auditor.token, 'POST', `/api/v1/conversations/${f.conversationId}/answer`, { text: 'No.' })).status).toBe(403);
    expect((await t.api(responder.token, 'POST', `/api/v1/conversations/${f.conversationId}/answer`, { text: '' })).status).toBe(400);
    const ok = await t.api(responder.token, 'POST', `/api/v1/conversations/${f.conversationId}/answer`, { text: 'Yes, within 30 days.' });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ sent: true, messageId: expect.any(Number) });
    const answered = (await (await t.api(responder.token, 'GET', '/api/v1/conversations?state=answered')).json()) as { conversations: { id: number }[] };
    expect(answered.conversations.map((c) => c.id)).toContain(f.conversationId);

    // The customer writes again; this time the provider refuses.
    const g = await fileCustomerMessage(t.deps.db, { contactId: await contactId('ans2@example.org'), situationId, updateId: null, contactPointId: cpId, channel: 'portal', from: 'ans2@example.org', to: 'x', subject: 'Again', text: 'And the voucher?', visibleText: 'And the voucher?', classification: 'human' });
    const refusing: MailTransport = { name: 'resend', rateLimited: true, sendBatch: async () => ({ kind: 'rejected', message: 'domain not verified' }) };
    const app = createApp({ ...t.deps, transport: refusing });
    const res = await app.request(`http://localhost/api/v1/conversations/${g.conversationId}/answer`, {
      method: 'POST',
      headers: { authorization: `Bearer ${responder.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'It stays valid.' }),
    });
    expect(res.status).toBe(502);
    const body = (await res.json()) as { error: { code: string; message: string; details: { messageId: number } } };
    expect(body.error).toMatchObject({ code: 'provider_failed', details: { messageId: expect.any(Number) } });
    expect(body.error.message).toContain('domain not verified');
    const kept = await t.deps.db.selectFrom('messages').select(['provider_id', 'visible_text', 'text']).where('id', '=', body.error.details.messageId).executeTakeFirstOrThrow();
    expect(kept).toMatchObject({ provider_id: null, visible_text: 'It stays valid.' });
    // The whole email is kept too, so a resend sends the same bytes: the answer over the quoted question.
    expect(kept.text).toMatch(/^It stays valid\.\n\n.+\n> And the voucher\?$/);
    const resent = await t.api(responder.token, 'POST', `/api/v1/conversations/${g.conversationId}/messages/${body.error.details.messageId}/resend`);
    expect(resent.status).toBe(200);
  });
});
