import pino from 'pino';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLI_ACTOR, type Actor } from '../../src/audit/log.ts';
import { disableUser } from '../../src/auth/users.ts';
import { createContactPoint } from '../../src/contact-points/queries.ts';
import { evaluatePromises } from '../../src/promises/evaluate.ts';
import type { PromiseJobDeps } from '../../src/promises/job-deps.ts';
import { reminderKey, situationOfficers } from '../../src/promises/reminders.ts';
import { createSegment } from '../../src/segments/queries.ts';
import type { ResendTransport } from '../../src/sending/transport.ts';
import { setSetting } from '../../src/settings/queries.ts';
import { createSituation } from '../../src/situations/queries.ts';
import { createDraft } from '../../src/updates/compose.ts';
import { useTestApp } from '../helpers/app.ts';
import { englishLeft, englishLeftInText } from '../helpers/i18n.ts';
import { useFakeResend } from '../helpers/fake-resend.ts';
import { seedContacts } from '../helpers/scenario.ts';
import { buildUpdate } from '../helpers/updates.ts';

const PUBLIC_URL = 'https://tidings.example.org';
const t = useTestApp({ publicUrl: PUBLIC_URL });
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

type TestUser = Awaited<ReturnType<typeof t.userWithToken>>;
const fake = useFakeResend();
let transport: ResendTransport;
let author: TestUser;
let approver: TestUser;
let bystander: TestUser;

beforeAll(async () => {
  await seedContacts(t.deps.db, 3, 'rem');
  transport = fake.transport(5_000);
  author = await t.userWithToken('officer');
  approver = await t.userWithToken('admin');
  bystander = await t.userWithToken('officer');
});

const deps = (): PromiseJobDeps => ({ db: t.deps.db, transport, config: t.deps.config, log: pino({ level: 'silent' }) });
const actorOf = (u: TestUser): Actor => ({ kind: 'user', userId: u.id, label: `user:${u.id} ${u.email}` });

// Every test's promise falls due a month after the previous one's, so each test
// has the clock to itself; its first run settles what earlier tests left behind.
let nextDue = Math.ceil((Date.now() + 30 * DAY) / HOUR) * HOUR;
let counter = 0;

/**
 * A situation opened by `author`, with one update written by `author`,
 * approved by `approver` and sent to the three customers, promising the next
 * update by `due`; the promise was made at `madeAt` (default a week before).
 * The job first runs `firstRunHoursBefore` the date (default 30 h), before any reminder is due.
 */
async function promiseMade(options: { madeAt?: (due: Date) => Date; title?: string; firstRunHoursBefore?: number } = {}) {
  const due = new Date((nextDue += 30 * DAY));
  const db = t.deps.db;
  const situation = await createSituation(db, actorOf(author), { title: options.title ?? `Warehouse move ${++counter}`, summary: 'The warehouse moves.' });
  const cp = await createContactPoint(db, CLI_ACTOR, { name: 'Ingrid Dahl', role: 'Head of member relations', email: 'ingrid@bokklubben.example.org', phone: '+47 22 12 34 56' });
  const { segment } = await createSegment(db, CLI_ACTOR, { name: `Reminded ${situation.id}`, rule: { all: [{ attribute: 'email', op: 'contains', value: 'rem' }] } });
  const madeAt = options.madeAt ? options.madeAt(due) : new Date(due.getTime() - 7 * DAY);
  const { updateId } = await buildUpdate(t, { situationId: situation.id, segmentIds: [segment.id], contactPointId: cp.id, author: actorOf(author), approver: actorOf(approver), promised: { due, madeAt } });
  // Settle everything earlier tests left and create this promise, before its reminder window.
  const at = (ms: number) => new Date(due.getTime() + ms);
  await evaluatePromises(deps(), at(-(options.firstRunHoursBefore ?? 30) * HOUR));
  const p = await db.selectFrom('promises').selectAll().where('update_id', '=', updateId).executeTakeFirstOrThrow();
  return { due, at, situation, segment, cp, updateId, promiseId: p.id };
}

const remindersOf = (promiseId: number) => t.deps.db.selectFrom('promise_reminders').selectAll().where('promise_id', '=', promiseId).orderBy('id').execute();
const emailsOf = (reminderId: number) => fake.accepted.filter((e) => e.idempotencyKey?.startsWith(`tidings-reminder-${reminderId}-`));
const reminderAudits = (promiseId: number) =>
  t.deps.db.selectFrom('audit_log').select(['action', 'details', 'actor']).where('subject_type', '=', 'promise').where('subject_id', '=', String(promiseId)).where('action', '=', 'promise.reminder').orderBy('id').execute();

describe('promise reminders', () => {
  it('go to the situation’s officers once before the date, with four workers running the job at once, and not again on later runs', async () => {
    const p = await promiseMade({ title: 'Warehouse <script>alert(1)</script> move' });
    // Slow provider answers keep the first worker's sends in flight while the others look for work.
    fake.setDelay(150);
    const results = await Promise.all([1, 2, 3, 4].map(() => evaluatePromises(deps(), p.at(-20 * HOUR)))).finally(() => fake.setDelay(0));
    expect(results.reduce((n, r) => n + r.reminders.raised, 0)).toBe(1);
    expect(results.reduce((n, r) => n + r.reminders.sent, 0)).toBe(1);

    const [r, ...more] = await remindersOf(p.promiseId);
    expect(more).toEqual([]);
    expect(r).toMatchObject({ kind: 'due_soon', attempts: 1, last_error: null, claimed_until: null });
    expect(r!.sent_at).toEqual(p.at(-20 * HOUR));
    expect((r!.recipients as Array<{ userId: number }>).map((x) => x.userId).sort()).toEqual([author.id, approver.id].sort());

    // One email per officer, each under its own stable key; the bystander officer is not one of this situation's.
    const emails = emailsOf(r!.id);
    expect(emails.map((e) => e.idempotencyKey).sort()).toEqual([reminderKey(r!.id, author.id), reminderKey(r!.id, approver.id)].sort());
    expect(emails.map((e) => e.to[0]).sort()).toEqual([author.email, approver.email].sort());
    expect(fake.accepted.some((e) => e.to[0] === bystander.email)).toBe(false);
    // Exactly one worker sent: one provider call per key, no retries, no replays.
    for (const e of emails) expect(fake.calls.filter((c) => c.idempotencyKey === e.idempotencyKey)).toHaveLength(1);
    const mail = emails.find((e) => e.to[0] === author.email)!;
    expect(mail.subject).toBe('Reminder: the next update on Warehouse <script>alert(1)</script> move is due in 20 hours');
    expect(mail.html).toContain('lang="en"');
    expect(mail.html).toContain('Warehouse &lt;script&gt;alert(1)&lt;/script&gt; move');
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain(`href="${PUBLIC_URL}/situations/${p.situation.id}"`);
    expect(mail.text).toContain('Hello Test officer,');
    expect(mail.text).toContain(`Promised by: ${new Intl.DateTimeFormat('en-GB', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'UTC', timeZoneName: 'short' }).format(p.due)}`);
    expect(mail.text).toContain('Time left: 20 hours');
    expect(mail.text).toContain('Recipients promised: 3');
    expect(mail.text).toContain('None of them has received a later update yet.');
    expect(mail.tags).toEqual(expect.arrayContaining([{ name: 'kind', value: 'promise_reminder_due_soon' }]));

    const audits = await reminderAudits(p.promiseId);
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ actor: 'system', details: { reminderId: r!.id, kind: 'due_soon', recipients: 2 } });
    expect((await t.deps.db.selectFrom('promises').select('reminded_at').where('id', '=', p.promiseId).executeTakeFirstOrThrow()).reminded_at).toEqual(p.at(-20 * HOUR));

    // Later runs before the date send nothing more.
    await evaluatePromises(deps(), p.at(-10 * HOUR));
    await Promise.all([evaluatePromises(deps(), p.at(-HOUR)), evaluatePromises(deps(), p.at(-HOUR))]);
    expect(emailsOf(r!.id)).toHaveLength(2);
    expect(await remindersOf(p.promiseId)).toHaveLength(1);
    expect(await reminderAudits(p.promiseId)).toHaveLength(1);
  });

  it("reach each officer in their own language", async () => {
    await sql`UPDATE users SET locale = 'nb' WHERE id = ${approver.id}`.execute(t.deps.db);
    try {
      const p = await promiseMade({ title: 'Lagerflytting' });
      await evaluatePromises(deps(), p.at(-20 * HOUR));
      const [r] = await remindersOf(p.promiseId);
      const emails = emailsOf(r!.id);
      const toApprover = emails.find((e) => e.to[0] === approver.email)!;
      const toAuthor = emails.find((e) => e.to[0] === author.email)!;
      expect(toApprover.subject).toBe('Påminnelse: neste oppdatering om Lagerflytting skal ut om 20 timer');
      expect(toApprover.html).toMatch(/<html[^>]*\blang="nb"/);
      // The body too, in every part a person reads: heading, greeting, the link, the footer; no English sentence left.
      for (const html of [toApprover.html!, toApprover.text!]) {
        expect(html).toContain('En lovet oppdatering nærmer seg fristen');
        expect(html).toContain('Hei Test admin,');
        expect(html).toContain('Åpne saken og skriv neste oppdatering');
        expect(html).toContain('Du får denne e-posten fordi du jobber med denne saken i tidings.');
      }
      expect(englishLeft(toApprover.html!, 'promiseReminder')).toEqual([]);
      expect(englishLeftInText(toApprover.text!, 'promiseReminder')).toEqual([]);
      expect(toAuthor.subject).toBe('Reminder: the next update on Lagerflytting is due in 20 hours');
      expect(toAuthor.html).toMatch(/<html[^>]*\blang="en"/);
      expect(toAuthor.text).toContain('A promised update is due soon');
    } finally {
      await sql`UPDATE users SET locale = 'en' WHERE id = ${approver.id}`.execute(t.deps.db);
    }
  });

  it('go out again, once, when the date passes unkept; none after the team has written again', async () => {
    const p = await promiseMade();
    await evaluatePromises(deps(), p.at(-20 * HOUR));
    const results = await Promise.all([1, 2, 3, 4].map(() => evaluatePromises(deps(), p.at(5 * 60_000))));
    expect(results.reduce((n, r) => n + r.overdue, 0)).toBe(1);
    const reminders = await remindersOf(p.promiseId);
    expect(reminders.map((r) => r.kind)).toEqual(['due_soon', 'overdue']);
    const overdue = reminders[1]!;
    expect(overdue).toMatchObject({ attempts: 1, last_error: null });
    expect(overdue.sent_at).toEqual(p.at(5 * 60_000));
    const emails = emailsOf(overdue.id);
    expect(emails).toHaveLength(2);
    expect(emails[0]!.subject).toMatch(/^Overdue by 5 minutes: the next update on Warehouse move \d+$/);
    expect(emails[0]!.text).toContain('A promised update is overdue');
    expect(emails[0]!.text).toContain('the promise is on the record as broken');
    expect((await reminderAudits(p.promiseId)).map((a) => (a.details as { kind: string }).kind)).toEqual(['due_soon', 'overdue']);

    await evaluatePromises(deps(), p.at(HOUR));
    expect(emailsOf(overdue.id)).toHaveLength(2);
    // The team writes again, late: the promise is broken (followed up) and nobody is reminded again.
    const late = await buildUpdate(t, { situationId: p.situation.id, segmentIds: [p.segment.id], contactPointId: p.cp.id, author: actorOf(author), approver: actorOf(approver) });
    await sql`UPDATE updates SET sent_at = ${p.at(2 * HOUR)} WHERE id = ${late.updateId}`.execute(t.deps.db);
    await evaluatePromises(deps(), p.at(3 * HOUR));
    expect((await t.deps.db.selectFrom('promises').select('state').where('id', '=', p.promiseId).executeTakeFirstOrThrow()).state).toBe('broken');
    expect(await remindersOf(p.promiseId)).toHaveLength(2);
  });

  it('show a partial overlap with counts: reached so far and still waiting', async () => {
    const p = await promiseMade();
    // A later update to only one of the three customers, before the reminder.
    const { segment: one } = await createSegment(t.deps.db, CLI_ACTOR, { name: `One of them ${p.situation.id}`, rule: { all: [{ attribute: 'n', op: 'eq', value: 1 }, { attribute: 'email', op: 'contains', value: 'rem' }] } });
    const partial = await buildUpdate(t, { situationId: p.situation.id, segmentIds: [one.id], contactPointId: p.cp.id, author: actorOf(author), approver: actorOf(approver) });
    await sql`UPDATE updates SET sent_at = ${p.at(-22 * HOUR)} WHERE id = ${partial.updateId}`.execute(t.deps.db);
    await evaluatePromises(deps(), p.at(-20 * HOUR));
    const [r] = await remindersOf(p.promiseId);
    const mail = emailsOf(r!.id)[0]!;
    expect(mail.text).toContain('Recipients promised: 3');
    expect(mail.text).toContain('1 of 3 have received a later update; 2 are still waiting.');
  });

  it('a failed send keeps its error and is retried at the next run under the same idempotency key, without a second copy', async () => {
    const p = await promiseMade();
    const [first, second] = [author, approver].sort((a, b) => a.id - b.id);
    // The first officer's send fails with a server error; the second's is accepted but the answer is lost.
    fake.failNext(1, { status: 500 });
    fake.failNext(1, { drop: 'after' });
    const run1 = await evaluatePromises(deps(), p.at(-20 * HOUR));
    expect(run1.reminders).toMatchObject({ raised: 1, sent: 0, failed: 1 });
    let [r] = await remindersOf(p.promiseId);
    expect(r).toMatchObject({ kind: 'due_soon', sent_at: null, attempts: 1 });
    expect(r!.last_error).toContain(first!.email);
    expect(r!.last_error).toContain(second!.email);
    expect(await reminderAudits(p.promiseId)).toHaveLength(0);

    // Other callers of the same run leave it for the next run.
    await evaluatePromises(deps(), p.at(-20 * HOUR));
    expect((await remindersOf(p.promiseId))[0]!.attempts).toBe(1);

    // The next run sends it, under the same keys: the provider drops the copy it had already accepted.
    const run2 = await evaluatePromises(deps(), p.at(-20 * HOUR + 60_000));
    expect(run2.reminders).toMatchObject({ sent: 1, failed: 0 });
    [r] = await remindersOf(p.promiseId);
    expect(r).toMatchObject({ attempts: 2, last_error: null });
    expect(r!.sent_at).toEqual(p.at(-20 * HOUR + 60_000));
    for (const officer of [first!, second!]) {
      const key = reminderKey(r!.id, officer.id);
      const calls = fake.calls.filter((c) => c.idempotencyKey === key);
      expect(calls.length, officer.email).toBe(2);
      expect(fake.accepted.filter((e) => e.idempotencyKey === key), officer.email).toHaveLength(1);
    }
    expect(fake.calls.filter((c) => c.idempotencyKey === reminderKey(r!.id, second!.id))[1]!.replay).toBe(true);
    expect(fake.countFor(first!.email)).toBeGreaterThan(0);
    const audits = await reminderAudits(p.promiseId);
    expect(audits).toHaveLength(1);
    expect(audits[0]!.details).toMatchObject({ kind: 'due_soon', recipients: 2 });
  });

  it('are not sent before the date for a promise made inside its reminder window, only once it is overdue', async () => {
    const p = await promiseMade({ madeAt: (due) => new Date(due.getTime() - 10 * HOUR) });
    await evaluatePromises(deps(), p.at(-5 * HOUR));
    expect(await remindersOf(p.promiseId)).toEqual([]);
    await evaluatePromises(deps(), p.at(60_000));
    expect((await remindersOf(p.promiseId)).map((r) => [r.kind, r.sent_at !== null])).toEqual([['overdue', true]]);
  });

  it('follow the reminder lead time setting', async () => {
    await setSetting(t.deps.db, CLI_ACTOR, 'promise_reminder_hours', 72);
    try {
      const p = await promiseMade({ madeAt: (due) => new Date(due.getTime() - 5 * DAY), firstRunHoursBefore: 80 });
      await evaluatePromises(deps(), p.at(-73 * HOUR));
      expect(await remindersOf(p.promiseId)).toEqual([]);
      await evaluatePromises(deps(), p.at(-71 * HOUR));
      const [r] = await remindersOf(p.promiseId);
      expect(r).toMatchObject({ kind: 'due_soon' });
      expect(emailsOf(r!.id)[0]!.subject).toContain('is due in 2 days, 23 hours');
    } finally {
      await setSetting(t.deps.db, CLI_ACTOR, 'promise_reminder_hours', 24);
    }
  });
});

describe("the situation's officers", () => {
  it('are the active officers and admins who opened it or wrote or approved one of its updates', async () => {
    const p = await promiseMade();
    const other = await t.userWithToken('officer');
    const responder = await t.userWithToken('responder');
    // A responder who wrote a draft is not reminded; nor is a disabled officer.
    await createDraft(t.deps.db, actorOf(responder), p.situation.id, {});
    await createDraft(t.deps.db, actorOf(other), p.situation.id, {});
    expect((await situationOfficers(t.deps.db, p.situation.id)).map((o) => o.id)).toEqual([author.id, approver.id, other.id].sort((a, b) => a - b));
    await disableUser(t.deps.db, CLI_ACTOR, other.id);
    expect((await situationOfficers(t.deps.db, p.situation.id)).map((o) => o.email)).toEqual([author, approver].sort((a, b) => a.id - b.id).map((u) => u.email));
  });

  it('are every active officer and admin when nobody is on the situation yet', async () => {
    const s = await createSituation(t.deps.db, CLI_ACTOR, { title: 'Opened from the CLI', summary: '' });
    const officers = await situationOfficers(t.deps.db, s.id);
    const expected = await t.deps.db.selectFrom('users').select('id').where('disabled_at', 'is', null).where('role', 'in', ['officer', 'admin']).orderBy('id').execute();
    expect(officers.map((o) => o.id)).toEqual(expected.map((u) => u.id));
    expect(officers.map((o) => o.id)).toContain(bystander.id);
  });
});
