import { beforeAll, describe, expect, it } from 'vitest';
import { ageBands, formatAge } from '../../src/conversations/inbox.ts';
import { fileCustomerMessage } from '../../src/conversations/queries.ts';
import { useTestApp } from '../helpers/app.ts';
import { twoContactPoints } from './helpers.ts';
import { pageSession } from '../helpers/session.ts';

const t = useTestApp();
const conv: Record<string, number> = {};
let cp1: number;
let cp2: number;
let responder1: Awaited<ReturnType<typeof t.userWithToken>>;
let responder2: Awaited<ReturnType<typeof t.userWithToken>>;

async function file(email: string, cpId: number, text: string, hoursAgo: number, classification: 'human' | 'auto_reply' = 'human') {
  const c = await t.deps.db.selectFrom('contacts').select('id').where('email', '=', email).executeTakeFirstOrThrow();
  const s = await t.deps.db.selectFrom('situations').select('id').executeTakeFirstOrThrow();
  const f = await fileCustomerMessage(t.deps.db, {
    contactId: c.id,
    situationId: s.id,
    updateId: null,
    contactPointId: cpId,
    channel: 'email',
    from: email,
    to: 'x@example.org',
    subject: `About ${text}`,
    text: `${text}\n\n> quoted history`,
    visibleText: text,
    classification,
  });
  if (classification === 'human') await t.deps.db.updateTable('conversations').set({ last_customer_message_at: new Date(Date.now() - hoursAgo * 3_600_000) }).where('id', '=', f.conversationId).execute();
  return f.conversationId;
}

beforeAll(async () => {
  const s = await twoContactPoints(t, 'inb', 5);
  ({ responder1, responder2, cp1, cp2 } = s);
  conv['mid'] = await file('inb2@example.org', cp1, 'Middle question', 5);
  conv['old'] = await file('inb1@example.org', cp1, 'Oldest question', 30);
  conv['new'] = await file('inb3@example.org', cp1, 'Newest question', 10 / 60);
  conv['other'] = await file('inb4@example.org', cp2, 'Question for Ola', 50);
  await file('inb1@example.org', cp1, 'I am out of office', 0, 'auto_reply');
});

describe('the responder inbox', () => {
  it('formats ages', () => {
    const now = new Date('2026-01-10T12:00:00Z');
    expect(formatAge(new Date('2026-01-10T11:48:00Z'), now)).toBe('12 min');
    expect(formatAge(new Date('2026-01-10T09:00:00Z'), now)).toBe('3 h');
    expect(formatAge(new Date('2026-01-08T09:00:00Z'), now)).toBe('2 days');
  });

  it("shows a responder only their own contact point's open conversations, the longest-waiting first, with age bands", async () => {
    const s = await pageSession(t.app, responder1.email, responder1.password);
    const res = await s.get('/inbox');
    expect(res.status).toBe(200);
    const html = await res.text();
    const order = ['Oldest question', 'Middle question', 'Newest question'].map((q) => html.indexOf(q));
    expect(order.every((i) => i > 0)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(html).toContain('30 h');
    expect(html).toContain('5 h');
    expect(html).toContain('10 min');
    expect(html).not.toContain('Question for Ola');
    expect(html).not.toContain('out of office');
    expect(html).toMatch(/waiting under 4 h<\/dt><dd>1<\/dd>/);
    expect(html).toMatch(/waiting 4–24 h<\/dt><dd>1<\/dd>/);
    expect(html).toMatch(/waiting over 24 h<\/dt><dd>1<\/dd>/);
    expect((await s.get(`/inbox/${conv['other']}`)).status).toBe(404); // not found outside their scope, so ids do not leak
  });

  it('shows officers every conversation, filtered by contact point on request, and the counts on the dashboard', async () => {
    const officer = await t.userWithToken('officer');
    const s = await pageSession(t.app, officer.email, officer.password);
    const all = await (await s.get('/inbox')).text();
    expect(all.indexOf('Question for Ola')).toBeLessThan(all.indexOf('Oldest question'));
    expect(all).toContain('Newest question');
    const filtered = await (await s.get(`/inbox?cp=${cp2}`)).text();
    expect(filtered).toContain('Question for Ola');
    expect(filtered).not.toContain('Oldest question');
    expect(await ageBands(t.deps.db, { kind: 'all' })).toEqual({ under4h: 1, from4to24h: 1, over24h: 2 });
    const dash = await (await s.get('/')).text();
    expect(dash).toMatch(/<div class="stat">2<\/div><div class="muted">waiting over 24 h/);
    expect(dash).toContain('href="/inbox"');
    expect(dash).toContain('href="/follow-ups"');
  });

  it('shows the thread with auto-replies folded and the customer history with delivery states', async () => {
    const s = await pageSession(t.app, responder1.email, responder1.password);
    const html = await (await s.get(`/inbox/${conv['old']}`)).text();
    expect(html).toContain('Oldest question');
    expect(html).toContain('Show the whole message');
    expect(html).toMatch(/1 automatic reply set aside/);
    expect(html).toContain('Første oppdatering');
    expect(html).toMatch(/<td>sent<\/td>|<td>delivered<\/td>/);
  });

  it('refuses the auditor on every inbox and follow-up POST, changing nothing', async () => {
    const auditor = await t.userWithToken('auditor');
    const s = await pageSession(t.app, auditor.email, auditor.password);
    const flag = await t.deps.db.insertInto('follow_up_flags').values({ contact_id: 1, note: 'seeded', conversation_id: conv['old']! }).returning('id').executeTakeFirstOrThrow();
    const auditBefore = await t.deps.db.selectFrom('audit_log').select('id').execute();
    for (const path of [`/inbox/${conv['old']}/answer`, `/inbox/${conv['old']}/answered`, `/inbox/${conv['old']}/handover`, `/inbox/${conv['old']}/flag`, `/follow-ups/${flag.id}/resolve`]) {
      const res = await s.post(path, { text: 'x', note: 'x', contactPointId: String(cp2) });
      expect(res.status, path).toBe(403);
    }
    expect(await t.deps.db.selectFrom('audit_log').select('id').execute()).toHaveLength(auditBefore.length);
    expect((await t.deps.db.selectFrom('conversations').select(['status', 'contact_point_id']).where('id', '=', conv['old']!).executeTakeFirstOrThrow())).toEqual({ status: 'open', contact_point_id: cp1 });
    await t.deps.db.deleteFrom('follow_up_flags').where('id', '=', flag.id).execute();
  });

  it('hands a conversation over to another contact point, on the record', async () => {
    const s1 = await pageSession(t.app, responder1.email, responder1.password);
    // responder2 cannot act on responder1's conversation
    const s2 = await pageSession(t.app, responder2.email, responder2.password);
    expect((await s2.post(`/inbox/${conv['mid']}/handover`, { contactPointId: String(cp2) })).status).toBe(404);
    const res = await s1.post(`/inbox/${conv['mid']}/handover`, { contactPointId: String(cp2) });
    expect(res.status).toBe(303);
    const row = await t.deps.db.selectFrom('conversations').select('contact_point_id').where('id', '=', conv['mid']!).executeTakeFirstOrThrow();
    expect(row.contact_point_id).toBe(cp2);
    const audit = await t.deps.db.selectFrom('audit_log').selectAll().where('action', '=', 'conversation.handover').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ subject_id: String(conv['mid']), actor_user_id: responder1.id, details: { from: cp1, to: cp2 } });
    expect(await (await s1.get('/inbox')).text()).not.toContain('Middle question');
    expect(await (await s2.get('/inbox')).text()).toContain('Middle question');
  });

  it('flags a customer for follow-up with a note, lists and resolves it, each on the record', async () => {
    const s = await pageSession(t.app, responder2.email, responder2.password);
    expect((await s.post(`/inbox/${conv['other']}/flag`, { note: '   ' })).status).toBe(400);
    const res = await s.post(`/inbox/${conv['other']}/flag`, { note: 'Very upset, lost a deposit. Call her.' });
    expect(res.status).toBe(303);
    const flag = await t.deps.db.selectFrom('follow_up_flags').selectAll().where('conversation_id', '=', conv['other']!).executeTakeFirstOrThrow();
    expect(flag).toMatchObject({ note: 'Very upset, lost a deposit. Call her.', flagged_by: responder2.id, resolved_at: null });
    expect(await t.deps.db.selectFrom('audit_log').select('id').where('action', '=', 'followup.flag').execute()).toHaveLength(1);
    const list = await (await s.get('/follow-ups')).text();
    expect(list).toContain('Very upset, lost a deposit.');
    const dash = await (await s.get('/')).text();
    expect(dash).toMatch(/<div class="stat">1<\/div><div class="muted">open follow-ups/);
    expect((await s.post(`/follow-ups/${flag.id}/resolve`, {})).status).toBe(303);
    expect((await t.deps.db.selectFrom('follow_up_flags').select('resolved_by').where('id', '=', flag.id).executeTakeFirstOrThrow()).resolved_by).toBe(responder2.id);
    expect(await t.deps.db.selectFrom('audit_log').select('id').where('action', '=', 'followup.resolve').execute()).toHaveLength(1);
  });

  it('marks a conversation answered without sending, on the record', async () => {
    const s = await pageSession(t.app, responder1.email, responder1.password);
    expect((await s.post(`/inbox/${conv['new']}/answered`, {})).status).toBe(303);
    const row = await t.deps.db.selectFrom('conversations').select(['status', 'answered_at']).where('id', '=', conv['new']!).executeTakeFirstOrThrow();
    expect(row.status).toBe('answered');
    expect(row.answered_at).toBeInstanceOf(Date);
    expect(await t.deps.db.selectFrom('audit_log').select('id').where('action', '=', 'conversation.mark_answered').execute()).toHaveLength(1);
    expect(await t.deps.db.selectFrom('outbox_messages').select('id').where('idempotency_key', 'like', 'answer-%').execute()).toHaveLength(0);
  });
});
