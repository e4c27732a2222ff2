import pino from 'pino';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLI_ACTOR } from '../../src/audit/log.ts';
import { evaluatePromises } from '../../src/promises/evaluate.ts';
import { sendUpdateBatches } from '../../src/sending/sender.ts';
import { OutboxTransport, type MailTransport } from '../../src/sending/transport.ts';
import { addSuppression } from '../../src/suppressions/queries.ts';
import type { UpdateInput } from '../../src/updates/compose.ts';
import { testSend } from '../../src/updates/preview.ts';
import { releaseUpdate } from '../../src/updates/release.ts';
import { sendUpdate } from '../../src/updates/workflow.ts';
import { runRelease } from '../../src/worker.ts';
import { promiseReleasedUpdates } from '../../migrations/0019_promises_at_release.ts';
import { useTestApp } from '../helpers/app.ts';
import { seedContacts } from '../helpers/scenario.ts';
import { pageSession } from '../helpers/session.ts';
import { buildUpdate, senderDeps } from '../helpers/updates.ts';

const t = useTestApp();
const HOUR = 3_600_000;

let officer: Awaited<ReturnType<typeof t.userWithToken>>;

beforeAll(async () => {
  // Four customers of these tests ('rel'); the fourth is suppressed, so each release queues three.
  await seedContacts(t.deps.db, 4, 'rel');
  await addSuppression(t.deps.db, 'rel4@example.org', 'bounced', null);
  officer = await t.userWithToken('officer');
});

const jobDeps = () => ({ db: t.deps.db, transport: new OutboxTransport(t.deps.db), config: t.deps.config });
const promisesOf = (updateId: number) => t.deps.db.selectFrom('promises').selectAll().where('update_id', '=', updateId).execute();

/** An approved update to the 'rel' customers, in a new situation called `title`. */
const approved = (title: string, input: Partial<UpdateInput> = {}) =>
  buildUpdate(t, { title, subject: title, until: 'approved', newCustomers: { n: 0, prefix: 'rel' }, input });

async function openPromisesThroughApi(): Promise<Array<Record<string, unknown>>> {
  const res = await t.api(officer.token, 'GET', '/api/v1/promises?state=open');
  expect(res.status).toBe(200);
  return ((await res.json()) as { promises: Array<Record<string, unknown>> }).promises;
}

describe('a promise is made when its update is released', () => {
  it('shows in GET /api/v1/promises?state=open and on the dashboard right after the send, before any email has left or the promise job has run', async () => {
    const { updateId, situationId } = await approved('Pension transfer');
    const next = (await t.deps.db.selectFrom('updates').select('next_update_at').where('id', '=', updateId).executeTakeFirstOrThrow()).next_update_at!;

    const sent = await t.api(officer.token, 'POST', `/api/v1/updates/${updateId}/send`);
    expect(sent.status).toBe(200);
    // The release job, which the send call queued (the worker takes it at once): nothing else runs.
    await runRelease(t.deps.db, t.deps.jobs, pino({ level: 'silent' }), updateId);

    const deliveries = await t.deps.db.selectFrom('deliveries').select('status').where('update_id', '=', updateId).execute();
    expect(deliveries.map((d) => d.status).sort()).toEqual(['excluded', 'queued', 'queued', 'queued']);

    const mine = (await openPromisesThroughApi()).filter((p) => p['updateId'] === updateId);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ situationId, situationTitle: 'Pension transfer', updateNumber: 1, state: 'open', overdue: false, recipients: 3, reached: 0, dueAt: next.toISOString() });

    const s = await pageSession(t.app, officer.email, officer.password);
    const page = await (await s.get('/')).text();
    const row = new RegExp(`<tr[^>]*data-promise-id="${mine[0]!['id']}"[^>]*>([\\s\\S]*?)</tr>`).exec(page);
    expect(row, 'the dashboard row of the promise').not.toBeNull();
    expect(row![0]).toContain('Pension transfer');
    expect(row![0]).toContain('0 of 3 reached');
  });

  it('a send scheduled for later makes its promise when the job releases it, not before', async () => {
    const { updateId } = await approved('Scheduled notice');
    const at = new Date(Date.now() + 2 * HOUR);
    await sendUpdate(t.deps.db, t.deps.jobs, CLI_ACTOR, updateId, { at });
    expect(await releaseUpdate(t.deps.db, updateId, { now: new Date() })).toEqual({ released: false, reason: 'not due yet' });
    expect(await promisesOf(updateId)).toEqual([]);

    const released = await releaseUpdate(t.deps.db, updateId, { now: new Date(at.getTime() + 1000) });
    expect(released).toMatchObject({ released: true, queued: 3 });
    const [p] = await promisesOf(updateId);
    expect(p).toMatchObject({ state: 'open', recipients: 3, reached: 0 });
    expect(p!.created_at.getTime()).toBe(at.getTime() + 1000);
  });

  it('a release that rolls back leaves no promise (and the update still scheduled)', async () => {
    const { updateId } = await approved('Rolled back');
    await sendUpdate(t.deps.db, t.deps.jobs, CLI_ACTOR, updateId);
    const failing = releaseUpdate(t.deps.db, updateId, {
      onReleased: async () => {
        throw new Error('the send jobs could not be queued');
      },
    });
    await expect(failing).rejects.toThrow('the send jobs could not be queued');
    expect(await promisesOf(updateId)).toEqual([]);
    expect((await t.deps.db.selectFrom('updates').select('status').where('id', '=', updateId).executeTakeFirstOrThrow()).status).toBe('scheduled');
    // Released again, it makes its promise once.
    expect(await releaseUpdate(t.deps.db, updateId)).toMatchObject({ released: true });
    expect(await promisesOf(updateId)).toHaveLength(1);
  });

  it('a final update makes none, and neither does a test send', async () => {
    const fin = await approved('Closing the matter', { final: true, nextUpdateAt: undefined });
    await sendUpdate(t.deps.db, t.deps.jobs, CLI_ACTOR, fin.updateId);
    expect(await releaseUpdate(t.deps.db, fin.updateId)).toMatchObject({ released: true, queued: 3 });
    expect(await promisesOf(fin.updateId)).toEqual([]);

    const draft = await approved('Tried first');
    await testSend(t.deps.db, t.deps.config, new OutboxTransport(t.deps.db), { kind: 'user', userId: officer.id, label: `user:${officer.id} ${officer.email}` }, draft.updateId, 'en');
    expect(await promisesOf(draft.updateId)).toEqual([]);
  });
});

describe('the promise job, after a release made the promise', () => {
  it('makes no second promise, counts the recipients the update reached once it is sent, and still keeps the promise', async () => {
    const first = await approved('Counted once sent');
    await sendUpdate(t.deps.db, t.deps.jobs, CLI_ACTOR, first.updateId);
    await releaseUpdate(t.deps.db, first.updateId);
    // Runs while the update is still sending, several workers at once: nothing to create, nothing to count yet.
    const during = await Promise.all([1, 2, 3].map(() => evaluatePromises(jobDeps())));
    expect(during.map((r) => r.counted)).toEqual([0, 0, 0]);
    expect(await promisesOf(first.updateId)).toMatchObject([{ recipients: 3, recipients_counted_at: null }]);

    // The provider refuses one address for good: that customer was never told.
    const refusing: MailTransport = {
      name: 'outbox',
      rateLimited: false,
      sendBatch: async (emails) => ({ kind: 'accepted', results: emails.map((e) => (e.to === 'rel3@example.org' ? { ok: false as const, reason: 'mailbox does not exist' } : { ok: true as const, providerId: `t-${e.key}` })) }),
    };
    expect((await sendUpdateBatches(senderDeps(t.deps, refusing), first.updateId)).finished).toBe(true);
    const after = await Promise.all([1, 2, 3].map(() => evaluatePromises(jobDeps())));
    expect(after.map((r) => r.counted).sort()).toEqual([0, 0, 1]);
    const [p] = await promisesOf(first.updateId);
    expect(p).toMatchObject({ state: 'open', recipients: 2 });
    expect(p!.recipients_counted_at).not.toBeNull();

    // A later update reaches the two who were told: the promise is kept.
    const { updateId: second } = await buildUpdate(t, { situationId: first.situationId, segmentIds: first.segmentIds, contactPointId: first.contactPointId, subject: 'Counted, second' });
    const settled = await evaluatePromises(jobDeps());
    expect(settled.kept).toBeGreaterThanOrEqual(1);
    expect((await promisesOf(first.updateId))[0]).toMatchObject({ state: 'kept', recipients: 2, reached: 2, kept_by_update_id: second });
    expect(await promisesOf(first.updateId)).toHaveLength(1);
    expect(await promisesOf(second)).toHaveLength(1);
  });
});

describe('updates released before promises were made at release', () => {
  it('get their promise from the migration, once', async () => {
    const sending = await buildUpdate(t, { title: 'Released by an older version', newCustomers: { n: 0, prefix: 'rel' }, until: 'released' });
    const sent = await buildUpdate(t, { title: 'Sent by an older version', newCustomers: { n: 0, prefix: 'rel' } });
    const fin = await buildUpdate(t, { title: 'Final, older version', newCustomers: { n: 0, prefix: 'rel' }, input: { final: true, nextUpdateAt: undefined } });
    // As an older version left them: released, and no promise yet.
    await t.deps.db.deleteFrom('promises').where('update_id', 'in', [sending.updateId, sent.updateId]).execute();

    await promiseReleasedUpdates(t.deps.db);
    await promiseReleasedUpdates(t.deps.db);
    const due = async (id: number) => (await t.deps.db.selectFrom('updates').select('next_update_at').where('id', '=', id).executeTakeFirstOrThrow()).next_update_at;
    for (const u of [sending, sent]) {
      const ps = await promisesOf(u.updateId);
      expect(ps).toHaveLength(1);
      expect(ps[0]).toMatchObject({ state: 'open', recipients: 3, due_at: await due(u.updateId), recipients_counted_at: null });
    }
    expect(await promisesOf(fin.updateId)).toEqual([]);
    // The job then counts the sent one's recipients as it does for every sent update.
    await evaluatePromises(jobDeps());
    expect((await promisesOf(sent.updateId))[0]!.recipients_counted_at).not.toBeNull();
    expect((await promisesOf(sending.updateId))[0]!.recipients_counted_at).toBeNull();
  });
});
