import { beforeAll, describe, expect, it } from 'vitest';
import { CLI_ACTOR } from '../../src/audit/log.ts';
import { flagForFollowUp } from '../../src/conversations/inbox.ts';
import { fileCustomerMessage } from '../../src/conversations/queries.ts';
import { createSituation } from '../../src/situations/queries.ts';
import { useTestApp } from '../helpers/app.ts';
import { twoContactPoints } from './helpers.ts';
import { pageSession, type PageSession } from '../helpers/session.ts';

// Issue 11, item 4: a responder sees and acts on the customers of their own
// contact points only, in the pages and the API; an id outside their scope is
// answered like an id that does not exist (404), so ids do not leak.
// Officers and admins see all; the outbox and unmatched mail are theirs.

const t = useTestApp();
type Person = Awaited<ReturnType<typeof t.userWithToken>>;
let responder1: Person;
let responder2: Person;
let cp1: number;
let cp2: number;
/** c1: cp1's; c2: cp2's, same situation; c3: cp2's, the same customer as c1 in another situation. */
const conv: Record<'c1' | 'c2' | 'c3', number> = { c1: 0, c2: 0, c3: 0 };
const flag: Record<'f1' | 'f2' | 'f3', number> = { f1: 0, f2: 0, f3: 0 };
let unsentAnswerOnC2: number;
let unmatchedId: number;
let outboxId: string;

async function file(email: string, situationId: number, cpId: number, text: string) {
  const c = await t.deps.db.selectFrom('contacts').select('id').where('email', '=', email).executeTakeFirstOrThrow();
  const f = await fileCustomerMessage(t.deps.db, { contactId: c.id, situationId, updateId: null, contactPointId: cpId, channel: 'email', from: email, to: 'x@example.org', subject: `About ${text}`, text, visibleText: text, classification: 'human' });
  return f.conversationId;
}

beforeAll(async () => {
  const s = await twoContactPoints(t, 'scp', 3);
  ({ responder1, responder2, cp1, cp2 } = s);
  const other = await createSituation(t.deps.db, CLI_ACTOR, { title: 'Warehouse move', summary: 'The warehouse moves.' });
  conv.c1 = await file('scp1@example.org', s.situation.id, cp1, 'Question for Ingrid');
  conv.c2 = await file('scp2@example.org', s.situation.id, cp2, 'Question for Ola');
  conv.c3 = await file('scp1@example.org', other.id, cp2, 'Warehouse question');
  flag.f1 = await flagForFollowUp(t.deps.db, CLI_ACTOR, conv.c1, 'Note for Ingrid');
  flag.f2 = await flagForFollowUp(t.deps.db, CLI_ACTOR, conv.c2, 'Note for Ola');
  flag.f3 = await flagForFollowUp(t.deps.db, CLI_ACTOR, conv.c3, 'Warehouse note');
  unsentAnswerOnC2 = (
    await t.deps.db
      .insertInto('messages')
      .values({ conversation_id: conv.c2, direction: 'out', channel: 'email', classification: 'human', from_address: 'ola@bokklubben.example.org', to_address: 'scp2@example.org', subject: 'Re: x', text: 'Kept as not sent', visible_text: 'Kept as not sent' })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  unmatchedId = (
    await t.deps.db
      .insertInto('inbound_unmatched')
      .values({ provider_email_id: 'in_scope', to_address: 'r-x@replies.example.org', from_address: 'stray@example.net', subject: 'Stray mail', reason: 'forged', payload: '{}' })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  outboxId = (await t.deps.db.selectFrom('outbox_messages').select('id').where('to_address', '=', 'scp2@example.org').executeTakeFirstOrThrow()).id;
});

/** What an action could have changed: nothing may differ after a refused one. */
async function snapshot() {
  const db = t.deps.db;
  return {
    audit: (await db.selectFrom('audit_log').select('id').execute()).length,
    conversations: await db.selectFrom('conversations').select(['id', 'status', 'contact_point_id', 'answered_at']).orderBy('id').execute(),
    messages: (await db.selectFrom('messages').select('id').execute()).length,
    flags: await db.selectFrom('follow_up_flags').select(['id', 'resolved_at']).orderBy('id').execute(),
    unmatched: await db.selectFrom('inbound_unmatched').select(['id', 'handled_at']).orderBy('id').execute(),
    outbox: (await db.selectFrom('outbox_messages').select('id').execute()).length,
  };
}

const signIn = (p: Person): Promise<PageSession> => pageSession(t.app, p.email, p.password);

describe("a responder sees their own contact points' customers only", () => {
  it('in the pages: inbox, thread, follow-ups and dashboard; the outbox and unmatched mail are closed to them', async () => {
    const s = await signIn(responder1);
    const inbox = await (await s.get('/inbox')).text();
    expect(inbox).toContain('Question for Ingrid');
    expect(inbox).not.toContain('Question for Ola');
    expect(inbox).not.toContain('Warehouse question');

    const followUps = await s.get('/follow-ups');
    expect(followUps.status).toBe(200);
    const list = await followUps.text();
    expect(list).toContain('Note for Ingrid');
    expect(list).not.toContain('Note for Ola');
    expect(list).not.toContain('Warehouse note');

    // The same customer talks to Ola about another situation: Ingrid's thread does not show Ola's note.
    const thread = await (await s.get(`/inbox/${conv.c1}`)).text();
    expect(thread).toContain('Note for Ingrid');
    expect(thread).not.toContain('Warehouse note');
    for (const id of [conv.c2, conv.c3]) expect((await s.get(`/inbox/${id}`)).status, `thread ${id}`).toBe(404);
    expect((await s.get('/inbox/999999')).status).toBe(404);

    expect(await (await s.get('/')).text()).toMatch(/<div class="stat">1<\/div><div class="muted">open follow-ups/);

    for (const path of ['/unmatched', '/outbox', `/outbox/${outboxId}`, `/outbox/${outboxId}/html`]) expect((await s.get(path)).status, path).toBe(403);
    const nav = await (await s.get('/')).text();
    expect(nav).not.toContain('href="/outbox"');
    expect(nav).not.toContain('href="/unmatched"');
  });

  it('in the API: the list and one conversation', async () => {
    for (const state of ['open', 'answered', 'closed']) {
      const res = await t.api(responder1.token, 'GET', `/api/v1/conversations?state=${state}`);
      expect(res.status).toBe(200);
      const ids = ((await res.json()) as { conversations: { id: number }[] }).conversations.map((c) => c.id);
      expect(ids, state).toEqual(state === 'open' ? [conv.c1] : []);
    }
    expect((await t.api(responder1.token, 'GET', `/api/v1/conversations/${conv.c1}`)).status).toBe(200);
    for (const id of [conv.c2, conv.c3, 999999]) {
      const res = await t.api(responder1.token, 'GET', `/api/v1/conversations/${id}`);
      expect(res.status, `conversation ${id}`).toBe(404);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error).toEqual({ code: 'not_found', message: 'no such conversation' });
    }
    const doc = (await (await t.app.request('/api/openapi.json')).json()) as { paths: Record<string, Record<string, { responses: Record<string, unknown> }>> };
    for (const [path, method] of [
      ['/api/v1/conversations/{id}', 'get'],
      ['/api/v1/conversations/{id}/answer', 'post'],
      ['/api/v1/conversations/{id}/messages/{messageId}/resend', 'post'],
    ] as const) {
      expect(doc.paths[path]?.[method]?.responses, `${method} ${path}`).toHaveProperty('404');
    }
  });

  it("cannot act on another contact point's conversation, follow-up, unmatched mail, in the pages or the API: 404 (403 for what their role may not do), nothing changes", async () => {
    const s = await signIn(responder1);
    const before = await snapshot();
    const pagePosts: [string, Record<string, string>, number][] = [
      [`/inbox/${conv.c2}/answer`, { text: 'I will take this one' }, 404],
      [`/inbox/${conv.c2}/messages/${unsentAnswerOnC2}/resend`, {}, 404],
      [`/inbox/${conv.c2}/answered`, {}, 404],
      [`/inbox/${conv.c2}/handover`, { contactPointId: String(cp1) }, 404],
      [`/inbox/${conv.c3}/flag`, { note: 'mine now' }, 404],
      [`/follow-ups/${flag.f2}/resolve`, {}, 404],
      [`/follow-ups/${flag.f3}/resolve`, {}, 404],
      [`/unmatched/${unmatchedId}/handled`, {}, 403],
    ];
    for (const [path, form, status] of pagePosts) expect((await s.post(path, form)).status, path).toBe(status);
    const apiPosts: [string, unknown][] = [
      [`/api/v1/conversations/${conv.c2}/answer`, { text: 'I will take this one' }],
      [`/api/v1/conversations/${conv.c2}/messages/${unsentAnswerOnC2}/resend`, undefined],
    ];
    for (const [path, body] of apiPosts) {
      const res = await t.api(responder1.token, 'POST', path, body);
      expect(res.status, path).toBe(404);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_found');
    }
    expect(await snapshot()).toEqual(before);
  });

  it('acts on their own: resolves their follow-up, while the other responder resolves theirs', async () => {
    const s1 = await signIn(responder1);
    expect((await s1.post(`/follow-ups/${flag.f1}/resolve`, {})).status).toBe(303);
    const s2 = await signIn(responder2);
    const list = await (await s2.get('/follow-ups')).text();
    expect(list).toContain('Note for Ola');
    expect(list).toContain('Warehouse note');
    expect(list).not.toContain('Note for Ingrid');
    expect((await s2.post(`/follow-ups/${flag.f2}/resolve`, {})).status).toBe(303);
    expect((await s2.post(`/follow-ups/${flag.f1}/resolve`, {})).status).toBe(404);
    const resolved = await t.deps.db.selectFrom('follow_up_flags').select(['id', 'resolved_by']).where('resolved_at', 'is not', null).orderBy('id').execute();
    expect(resolved).toEqual([
      { id: flag.f1, resolved_by: responder1.id },
      { id: flag.f2, resolved_by: responder2.id },
    ]);
    expect((await s2.get(`/inbox/${conv.c3}`)).status).toBe(200);
    expect((await s2.get(`/inbox/${conv.c1}`)).status).toBe(404);
  });
});

describe('officers and admins see and act on all', () => {
  it('an officer reads every follow-up, conversation, the unmatched mail and the outbox, and acts on them', async () => {
    const officer = await t.userWithToken('officer');
    const s = await signIn(officer);
    const list = await (await s.get('/follow-ups')).text();
    expect(list).toContain('Warehouse note');
    expect((await s.get(`/inbox/${conv.c2}`)).status).toBe(200);
    const ids = ((await (await t.api(officer.token, 'GET', '/api/v1/conversations')).json()) as { conversations: { id: number }[] }).conversations.map((c) => c.id).sort((a, b) => a - b);
    expect(ids).toEqual([conv.c1, conv.c2, conv.c3]);
    expect(await (await s.get('/unmatched')).text()).toContain('stray@example.net');
    expect(await (await s.get('/outbox')).text()).toContain('scp2@example.org');
    expect((await s.get(`/outbox/${outboxId}`)).status).toBe(200);
    expect((await s.get(`/outbox/${outboxId}/html`)).status).toBe(200);
    expect((await s.post(`/follow-ups/${flag.f3}/resolve`, {})).status).toBe(303);
    expect((await s.post(`/unmatched/${unmatchedId}/handled`, {})).status).toBe(200);
  });

  it('an admin reads the outbox and the unmatched mail; an auditor reads unmatched mail but not the outbox', async () => {
    const admin = await signIn(await t.userWithToken('admin'));
    for (const path of ['/outbox', `/outbox/${outboxId}`, '/unmatched', '/follow-ups']) expect((await admin.get(path)).status, path).toBe(200);
    expect(await (await admin.get('/')).text()).toContain('href="/outbox"');
    const auditor = await signIn(await t.userWithToken('auditor'));
    expect((await auditor.get('/unmatched')).status).toBe(200);
    expect((await auditor.get('/outbox')).status).toBe(403);
    expect((await auditor.get(`/inbox/${conv.c2}`)).status).toBe(200);
  });
});
