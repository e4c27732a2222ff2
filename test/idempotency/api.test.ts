import { beforeAll, describe, expect, it } from 'vitest';
import { fileCustomerMessage } from '../../src/conversations/queries.ts';
import { useTestApp } from '../helpers/app.ts';
import { useFakeResend } from '../helpers/fake-resend.ts';
import { baseScenario, seedContacts } from '../helpers/scenario.ts';

const t = useTestApp({ from: 'Bokklubben <updates@bokklubben.example.org>' });
const fake = useFakeResend({ app: t });
let situationId: number;
let cpId: number;
let responder: Awaited<ReturnType<typeof t.userWithToken>>;
let asked = 0;

beforeAll(async () => {
  await seedContacts(t.deps.db, 12, 'idem');
  const s = await baseScenario(t.deps.db);
  situationId = s.situation.id;
  cpId = s.cp.id;
  responder = await t.userWithToken('responder');
  await t.deps.db.updateTable('contact_points').set({ user_id: responder.id }).where('id', '=', cpId).execute();
});

/** A customer question waiting in the responder's inbox, from its own customer. */
async function question(): Promise<{ conversationId: number; email: string }> {
  const email = `idem${++asked}@example.org`;
  const contact = await t.deps.db.selectFrom('contacts').select('id').where('email', '=', email).executeTakeFirstOrThrow();
  const f = await fileCustomerMessage(t.deps.db, { contactId: contact.id, situationId, updateId: null, contactPointId: cpId, channel: 'portal', from: email, to: 'x', subject: 'Q', text: 'When?', visibleText: 'When?', classification: 'human' });
  return { conversationId: f.conversationId, email };
}

const answersIn = async (conversationId: number) =>
  (await t.deps.db.selectFrom('messages').select('id').where('conversation_id', '=', conversationId).where('direction', '=', 'out').execute()).length;

const answer = (conversationId: number, text: string, key?: string, token = responder.token) =>
  t.api(token, 'POST', `/api/v1/conversations/${conversationId}/answer`, { text }, key ? { 'idempotency-key': key } : {});

describe('Idempotency-Key on the API', () => {
  it('five concurrent answers under one key mail the customer once; every caller gets the first answer', async () => {
    const q = await question();
    const results = await Promise.all(Array.from({ length: 5 }, () => answer(q.conversationId, 'Your books ship on Monday.', 'answer-once-1')));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    const bodies = await Promise.all(results.map((r) => r.json()));
    expect(new Set(bodies.map((b) => JSON.stringify(b))).size).toBe(1);
    expect(bodies[0]).toMatchObject({ sent: true });
    // One ran, the other four were told they got the kept answer.
    expect(results.filter((r) => r.headers.get('idempotent-replayed') === 'true')).toHaveLength(4);
    expect(fake.countFor(q.email)).toBe(1);
    expect(await answersIn(q.conversationId)).toBe(1);

    // A retry a while later still gets the first answer and sends nothing.
    const again = await answer(q.conversationId, 'Your books ship on Monday.', 'answer-once-1');
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await again.json()).toEqual(bodies[0]);
    expect(fake.countFor(q.email)).toBe(1);
  });

  it('the same key with another body is refused with 422 and sends nothing', async () => {
    const q = await question();
    expect((await answer(q.conversationId, 'First text.', 'answer-once-2')).status).toBe(200);
    const other = await answer(q.conversationId, 'Another text.', 'answer-once-2');
    expect(other.status).toBe(422);
    expect((await other.json()).error.code).toBe('idempotency_key_reused');
    expect(fake.countFor(q.email)).toBe(1);
  });

  it('keys belong to their user: another user with the same key is not answered with the first user’s result', async () => {
    const q = await question();
    const officer = await t.userWithToken('officer');
    expect((await answer(q.conversationId, 'From the responder.', 'shared-key')).status).toBe(200);
    const theirs = await answer(q.conversationId, 'From the officer.', 'shared-key', officer.token);
    expect(theirs.status).toBe(200);
    expect(theirs.headers.get('idempotent-replayed')).toBeNull();
    expect(fake.countFor(q.email)).toBe(2);
  });

  it('without a key nothing changes: two posts are two answers', async () => {
    const q = await question();
    expect((await answer(q.conversationId, 'One.')).status).toBe(200);
    expect((await answer(q.conversationId, 'Two.')).status).toBe(200);
    expect(fake.countFor(q.email)).toBe(2);
  });

  it('a refusal is the answer to its key too, but a malformed request frees the key for the corrected one', async () => {
    const q = await question();
    const bad = await answer(q.conversationId, '   ', 'fix-and-retry');
    expect(bad.status).toBe(400);
    expect((await answer(q.conversationId, 'Corrected.', 'fix-and-retry')).status).toBe(200);
    expect(fake.countFor(q.email)).toBe(1);

    const missing = await answer(999_999, 'Nobody.', 'missing-conversation');
    expect(missing.status).toBe(404);
    const replay = await answer(999_999, 'Nobody.', 'missing-conversation');
    expect(replay.status).toBe(404);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
  });

  it('refuses a key that is empty or too long with 400, doing nothing', async () => {
    const q = await question();
    expect((await answer(q.conversationId, 'x', 'k'.repeat(256))).status).toBe(400);
    expect((await answer(q.conversationId, 'x', 'bad key\u0001')).status).toBe(400);
    expect(fake.countFor(q.email)).toBe(0);
  });

  it('a key is kept 24 hours: an expired one runs the request again, and the prune removes it', async () => {
    const { pruneIdempotencyKeys } = await import('../../src/idempotency/store.ts');
    const q = await question();
    expect((await answer(q.conversationId, 'Day one.', 'day-key')).status).toBe(200);
    await t.deps.db.updateTable('idempotency_keys').set({ expires_at: new Date(Date.now() - 1000) }).where('key', '=', 'day-key').execute();
    const next = await answer(q.conversationId, 'Day one.', 'day-key');
    expect(next.status).toBe(200);
    expect(next.headers.get('idempotent-replayed')).toBeNull();
    expect(fake.countFor(q.email)).toBe(2);
    await t.deps.db.updateTable('idempotency_keys').set({ expires_at: new Date(Date.now() - 1000) }).where('key', '=', 'day-key').execute();
    expect(await pruneIdempotencyKeys(t.deps.db)).toBeGreaterThanOrEqual(1);
    expect(await t.deps.db.selectFrom('idempotency_keys').select('key').where('key', '=', 'day-key').execute()).toEqual([]);
  });
});
