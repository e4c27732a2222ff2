import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLI_ACTOR } from '../../src/audit/log.ts';
import { listPromises } from '../../src/promises/queries.ts';
import { evaluatePromises } from '../../src/promises/evaluate.ts';
import { createSegment } from '../../src/segments/queries.ts';
import { OutboxTransport } from '../../src/sending/transport.ts';
import { useTestApp } from '../helpers/app.ts';
import { baseScenario, seedContacts } from '../helpers/scenario.ts';
import { buildUpdate } from '../helpers/updates.ts';

const t = useTestApp();
const HOUR = 3_600_000;

beforeAll(async () => {
  await seedContacts(t.deps.db, 4, 'prom');
  // Someone to remind: every run of the job also sends the reminders that are due.
  await t.userWithToken('officer');
});

/** The job's dependencies: reminders go through the local outbox here. */
const deps = () => ({ db: t.deps.db, transport: new OutboxTransport(t.deps.db), config: t.deps.config });

/** Moves an update's send time (and its deliveries') on the test clock. */
async function setSentAt(updateId: number, at: Date) {
  await sql`UPDATE updates SET sent_at = ${at} WHERE id = ${updateId}`.execute(t.deps.db);
  await sql`UPDATE deliveries SET sent_at = ${at} WHERE update_id = ${updateId} AND sent_at IS NOT NULL`.execute(t.deps.db);
}

/** A situation with a first update sent at a fixed time; returns its promise's due date. */
async function firstUpdate() {
  const s = await baseScenario(t.deps.db);
  const { updateId: first } = await buildUpdate(t, { situationId: s.situation.id, segmentIds: [s.segment.id], contactPointId: s.cp.id, subject: 'First' });
  const u = await t.deps.db.selectFrom('updates').select(['next_update_at', 'status']).where('id', '=', first).executeTakeFirstOrThrow();
  expect(u.status).toBe('sent');
  const due = u.next_update_at!;
  await setSentAt(first, new Date(due.getTime() - 7 * 24 * HOUR));
  return { ...s, first, due };
}

const promiseOf = (updateId: number) => t.deps.db.selectFrom('promises').selectAll().where('update_id', '=', updateId).executeTakeFirstOrThrow();
const auditsOf = (promiseId: number) =>
  t.deps.db.selectFrom('audit_log').select(['action', 'details']).where('subject_type', '=', 'promise').where('subject_id', '=', String(promiseId)).orderBy('id').execute();

describe('promises', () => {
  it('is made open by the release of a non-final update, and counts the recipients reached once it is sent', async () => {
    const { first, due } = await firstUpdate();
    // The release made it (at-release.test.ts); the job counts what the sent update reached.
    expect(await promiseOf(first)).toMatchObject({ state: 'open', recipients: 4, recipients_counted_at: null });
    await evaluatePromises(deps(), new Date(due.getTime() - 3 * 24 * HOUR));
    const p = await promiseOf(first);
    expect(p).toMatchObject({ state: 'open', recipients: 4, reached: 0, kept_by_update_id: null, settled_at: null });
    expect(p.due_at.getTime()).toBe(due.getTime());
  });

  it('is kept when a later update reaches every promised recipient by the due date', async () => {
    const { situation, segment, cp, first, due } = await firstUpdate();
    const { updateId: second } = await buildUpdate(t, { situationId: situation.id, segmentIds: [segment.id], contactPointId: cp.id, subject: 'Second' });
    await setSentAt(second, new Date(due.getTime() - HOUR));
    await evaluatePromises(deps(), new Date(due.getTime() - 30 * 60_000));
    const p = await promiseOf(first);
    expect(p).toMatchObject({ state: 'kept', recipients: 4, reached: 4, kept_by_update_id: second });
    expect(p.settled_at).not.toBeNull();
    expect((await auditsOf(p.id)).map((a) => a.action)).toEqual(['promise.kept']);
  });

  it('turns overdue when the date passes unkept (broken on the record), and broken once the team writes again, late', async () => {
    const { situation, segment, cp, first, due } = await firstUpdate();
    // Before the date it is still open.
    await evaluatePromises(deps(), new Date(due.getTime() - HOUR));
    expect((await promiseOf(first)).state).toBe('open');
    const { updateId: late } = await buildUpdate(t, { situationId: situation.id, segmentIds: [segment.id], contactPointId: cp.id, subject: 'Late' });
    await setSentAt(late, new Date(due.getTime() + HOUR));
    // The date has passed, and the late update does not count towards keeping it.
    await evaluatePromises(deps(), new Date(due.getTime() + 30 * 60_000));
    let p = await promiseOf(first);
    expect(p).toMatchObject({ state: 'overdue', recipients: 4, reached: 0, kept_by_update_id: null });
    expect(p.settled_at).not.toBeNull();
    // Still overdue on later runs until an update of the situation has gone out after the date.
    await evaluatePromises(deps(), new Date(due.getTime() + 50 * 60_000));
    expect((await promiseOf(first)).state).toBe('overdue');
    await evaluatePromises(deps(), new Date(due.getTime() + 2 * HOUR));
    p = await promiseOf(first);
    expect(p).toMatchObject({ state: 'broken', recipients: 4, reached: 0, kept_by_update_id: null });
    const audits = await auditsOf(p.id);
    // A reminder before the date, the breach, the overdue reminder, the late follow-up.
    expect(audits.map((a) => a.action)).toEqual(['promise.reminder', 'promise.broken', 'promise.reminder', 'promise.followed_up']);
    expect(audits[1]!.details).toEqual({ situationId: situation.id, updateId: first, dueAt: due.toISOString(), recipients: 4, reached: 0, keptByUpdateId: null });
    expect(audits[3]!.details).toMatchObject({ situationId: situation.id, updateId: first, lateUpdateId: late, lateBySeconds: 3600 });
  });

  it('is followed up by a final update sent after the date too (broken, not kept)', async () => {
    const { situation, segment, cp, first, due } = await firstUpdate();
    await evaluatePromises(deps(), new Date(due.getTime() + 10 * 60_000));
    expect((await promiseOf(first)).state).toBe('overdue');
    const { updateId: fin } = await buildUpdate(t, { situationId: situation.id, segmentIds: [segment.id], contactPointId: cp.id, input: { nextUpdateAt: undefined, final: true } });
    await setSentAt(fin, new Date(due.getTime() + 20 * 60_000));
    await evaluatePromises(deps(), new Date(due.getTime() + 30 * 60_000));
    expect(await promiseOf(first)).toMatchObject({ state: 'broken', kept_by_update_id: null, reached: 0 });
    expect((await auditsOf((await promiseOf(first)).id)).at(-1)).toMatchObject({ action: 'promise.followed_up', details: { lateUpdateId: fin } });
  });

  it('is broken with the partial count when a later update reached only part of the audience', async () => {
    const { situation, cp, first, due } = await firstUpdate();
    const { segment: some } = await createSegment(t.deps.db, CLI_ACTOR, { name: `Some ${situation.id}`, rule: { all: [{ attribute: 'n', op: 'lt', value: 3 }] } });
    const { updateId: second } = await buildUpdate(t, { situationId: situation.id, segmentIds: [some.id], contactPointId: cp.id, subject: 'To some' });
    await setSentAt(second, new Date(due.getTime() - HOUR));
    // Partly reached before the date: stays open, the count shows.
    await evaluatePromises(deps(), new Date(due.getTime() - 30 * 60_000));
    expect(await promiseOf(first)).toMatchObject({ state: 'open', reached: 2 });
    await evaluatePromises(deps(), new Date(due.getTime() + HOUR));
    expect(await promiseOf(first)).toMatchObject({ state: 'overdue', recipients: 4, reached: 2 });
  });

  it('is closed as kept by a final later update sent by the due date', async () => {
    const { situation, cp, first, due } = await firstUpdate();
    const { segment: some } = await createSegment(t.deps.db, CLI_ACTOR, { name: `Final some ${situation.id}`, rule: { all: [{ attribute: 'n', op: 'lt', value: 2 }] } });
    const { updateId: fin } = await buildUpdate(t, { situationId: situation.id, segmentIds: [some.id], contactPointId: cp.id, input: { nextUpdateAt: undefined, final: true } });
    await setSentAt(fin, new Date(due.getTime() - HOUR));
    await evaluatePromises(deps(), new Date(due.getTime() + HOUR));
    expect(await promiseOf(first)).toMatchObject({ state: 'kept', kept_by_update_id: fin, reached: 1 });
    // A final update makes no promise of its own.
    expect(await t.deps.db.selectFrom('promises').select('id').where('update_id', '=', fin).executeTakeFirst()).toBeUndefined();
  });

  it('re-evaluates idempotently: no duplicate promises or audit entries', async () => {
    const { first, due } = await firstUpdate();
    const late = new Date(due.getTime() + HOUR);
    await evaluatePromises(deps(), late);
    const before = await t.deps.db.selectFrom('promises').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    const auditBefore = await t.deps.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<string>().as('n')).where('action', 'like', 'promise.%').executeTakeFirstOrThrow();
    const again = await Promise.all([evaluatePromises(deps(), late), evaluatePromises(deps(), late)]);
    expect(again.map((r) => r.counted + r.kept + r.overdue + r.followedUp + r.reminders.raised + r.reminders.sent + r.reminders.failed)).toEqual([0, 0]);
    const after = await t.deps.db.selectFrom('promises').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    const auditAfter = await t.deps.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<string>().as('n')).where('action', 'like', 'promise.%').executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
    expect(auditAfter.n).toBe(auditBefore.n);
    expect((await auditsOf((await promiseOf(first)).id)).map((a) => a.action)).toEqual(['promise.broken', 'promise.reminder']);
  });

  it('lists promises through the API, filtered by state', async () => {
    const { situation, first, due } = await firstUpdate();
    await evaluatePromises(deps(), new Date(due.getTime() - 24 * HOUR));
    const { token } = await t.userWithToken('auditor');
    const list = async (state: string) => {
      const res = await t.api(token, 'GET', `/api/v1/promises?state=${state}`);
      expect(res.status).toBe(200);
      return ((await res.json()) as { promises: Array<Record<string, unknown>> }).promises;
    };
    const open = await list('open');
    const mine = open.find((p) => p['updateId'] === first)!;
    expect(mine).toMatchObject({ situationId: situation.id, situationTitle: situation.title, updateNumber: 1, state: 'open', overdue: false, recipients: 4, reached: 0, dueAt: due.toISOString() });
    expect(mine['secondsLeft']).toBeGreaterThan(0);
    // 24 h before the date is within the default reminder lead: the reminder went out.
    expect(mine['reminders']).toEqual([{ kind: 'due_soon', sentAt: expect.any(String), recipients: 1, lastError: null }]);
    expect(open.every((p) => p['state'] === 'open')).toBe(true);
    const kept = await list('kept');
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.every((p) => p['state'] === 'kept' && p['overdue'] === false)).toBe(true);
    // Overdue: broken and still waiting for the team.
    const overdue = await list('overdue');
    expect(overdue.length).toBeGreaterThan(0);
    expect(overdue.every((p) => p['state'] === 'broken' && p['overdue'] === true)).toBe(true);
    expect(overdue.every((p) => (p['reminders'] as Array<{ kind: string }>).some((r) => r.kind === 'overdue'))).toBe(true);
    // Broken: the overdue ones and those followed up late.
    const broken = await list('broken');
    expect(broken.every((p) => p['state'] === 'broken')).toBe(true);
    expect(broken.map((p) => p['id'])).toEqual(expect.arrayContaining(overdue.map((p) => p['id'])));
    expect(broken.some((p) => p['overdue'] === false)).toBe(true);
    expect((await t.api(token, 'GET', '/api/v1/promises?state=bogus')).status).toBe(400);
    // Time left is negative once the date has passed (the clock is passed in here).
    const later = await listPromises(t.deps.db, 'open', new Date(due.getTime() + 90_000));
    expect(later.find((p) => p.updateId === first)!.secondsLeft).toBe(-90);
  });

  it('documents the promise, its reminders and the reminder setting in the OpenAPI document', async () => {
    const doc = (await (await t.app.request('/api/openapi.json')).json()) as { components: { schemas: Record<string, { properties: Record<string, unknown> }> } };
    expect(doc.components.schemas['Promise']!.properties).toHaveProperty('reminders');
    expect(doc.components.schemas['Promise']!.properties).toHaveProperty('overdue');
    expect(doc.components.schemas['Promise']!.properties['recipients']).toMatchObject({ description: expect.stringContaining('the promise is made by the release') });
    expect(doc.components.schemas['PromiseReminder']!.properties).toHaveProperty('sentAt');
    expect(doc.components.schemas['Settings']!.properties['promiseReminderHours']).toMatchObject({ type: 'integer', minimum: 1, maximum: 336 });
  });
});
