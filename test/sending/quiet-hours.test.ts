import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLI_ACTOR } from '../../src/audit/log.ts';
import { evaluatePromises } from '../../src/promises/evaluate.ts';
import { createSegment } from '../../src/segments/queries.ts';
import { releaseUpdate } from '../../src/updates/release.ts';
import { sendUpdateBatches } from '../../src/sending/sender.ts';
import { OutboxTransport } from '../../src/sending/transport.ts';
import { setSetting } from '../../src/settings/queries.ts';
import { inputFromValues, valuesFromForm } from '../../src/updates/composer.tsx';
import { useTestApp } from '../helpers/app.ts';
import { baseScenario } from '../helpers/scenario.ts';
import { pageSession } from '../helpers/session.ts';
import { buildUpdate, senderDeps } from '../helpers/updates.ts';

const t = useTestApp();
const HOUR = 3_600_000;

/** Zones whose clocks differ from UTC by whole hours, so the expected window is easy to state. */
const ZONES = { utc: 'UTC', east: 'Etc/GMT-6', west: 'Etc/GMT+6', alsoUtc: 'Etc/UTC' };

const sender = () => senderDeps(t.deps);

function localHour(at: Date, zone: string): number {
  return Number(new Intl.DateTimeFormat('en-GB', { hour: '2-digit', hourCycle: 'h23', timeZone: zone }).format(at));
}

let situationId = 0;
let segmentId = 0;
let cpId = 0;
let hour = 0;
let releasedAt = new Date();

beforeAll(async () => {
  await sql`
    INSERT INTO contacts (email, name, locale, timezone, attributes)
    VALUES ('quiet-utc@example.org', 'Una', 'en', ${ZONES.utc}, '{"quiet": true}'),
           ('quiet-east@example.org', 'Eve', 'en', ${ZONES.east}, '{"quiet": true}'),
           ('quiet-west@example.org', 'Wes', 'en', ${ZONES.west}, '{"quiet": true}'),
           ('quiet-mars@example.org', 'Mo', 'en', ${ZONES.alsoUtc}, '{"quiet": true}')`.execute(t.deps.db);
  const s = await baseScenario(t.deps.db);
  situationId = s.situation.id;
  cpId = s.cp.id;
  segmentId = (await createSegment(t.deps.db, CLI_ACTOR, { name: 'quiet ones', rule: { all: [{ attribute: 'quiet', op: 'eq', value: true }] } })).segment.id;
});

/** Released at one pinned instant, with the daytime window set to that very hour in UTC: UTC customers are inside it, the others are not. */
async function quietUpdate(): Promise<number> {
  const { draft } = await buildUpdate(t, { situationId, segmentIds: [segmentId], contactPointId: cpId, input: { quietHours: true }, until: 'scheduled' });
  expect(draft.quiet_hours).toBe(true);
  releasedAt = new Date();
  hour = releasedAt.getUTCHours();
  await setSetting(t.deps.db, CLI_ACTOR, 'daytime_start', hour);
  await setSetting(t.deps.db, CLI_ACTOR, 'daytime_end', hour + 1);
  const released = await releaseUpdate(t.deps.db, draft.id, { now: releasedAt });
  expect(released).toMatchObject({ released: true, queued: 4 });
  return draft.id;
}

const deliveriesOf = (updateId: number) =>
  t.deps.db.selectFrom('deliveries').select(['id', 'email', 'timezone', 'status', 'not_before']).where('update_id', '=', updateId).orderBy('id').execute();

describe('quiet hours', () => {
  it('holds each customer outside the daytime window until it next opens on their own clock, and sends the rest at once', async () => {
    const updateId = await quietUpdate();
    const rows = await deliveriesOf(updateId);
    const byEmail = Object.fromEntries(rows.map((r) => [r.email, r]));
    expect(byEmail['quiet-utc@example.org']!.not_before).toBeNull();
    expect(byEmail['quiet-mars@example.org']!.not_before).toBeNull();
    const now = releasedAt.getTime();
    for (const [email, zone] of [['quiet-east@example.org', ZONES.east], ['quiet-west@example.org', ZONES.west]] as const) {
      const at = byEmail[email]!.not_before!;
      expect(at.getTime(), email).toBeGreaterThan(now);
      expect(at.getTime(), email).toBeLessThanOrEqual(now + 24 * HOUR);
      expect(localHour(at, zone), email).toBe(hour);
      expect(at.getUTCMinutes(), email).toBe(0);
    }
    // Held customers come after everyone who can be sent now, so the claim checkpoint reaches them last.
    expect(rows.slice(0, 2).every((r) => r.not_before === null)).toBe(true);
    const stored = await t.deps.db.selectFrom('updates').select(['daytime_start', 'daytime_end']).where('id', '=', updateId).executeTakeFirstOrThrow();
    expect(stored).toEqual({ daytime_start: hour, daytime_end: hour + 1 });

    const first = await sendUpdateBatches(sender(), updateId);
    expect(first.finished).toBe(false);
    const held = (await deliveriesOf(updateId)).filter((r) => r.not_before !== null);
    expect(first.heldUntil?.getTime()).toBe(Math.min(...held.map((r) => r.not_before!.getTime())));
    expect((await deliveriesOf(updateId)).map((r) => [r.email, r.status])).toEqual([
      ['quiet-utc@example.org', 'sent'],
      ['quiet-mars@example.org', 'sent'],
      ...held.map((r) => [r.email, 'queued']),
    ]);
    const outbox = await t.deps.db.selectFrom('outbox_messages').select('to_address').where('to_address', 'like', 'quiet-%').execute();
    expect(outbox.map((o) => o.to_address).sort()).toEqual(['quiet-mars@example.org', 'quiet-utc@example.org']);

    // The send job hands over to a successor that waits for the window.
    await t.deps.jobs.enqueueSend(null, updateId, 1, first.heldUntil);
    const job = (await sql<{ start_after: Date }>`SELECT start_after FROM pgboss.job WHERE name = 'send-update' AND (data->>'updateId')::bigint = ${updateId} ORDER BY created_on DESC LIMIT 1`.execute(t.deps.db)).rows[0]!;
    expect(job.start_after.getTime()).toBe(first.heldUntil!.getTime());

    // The page says who is waiting and until when.
    const officer = await t.userWithToken('officer');
    const session = await pageSession(t.app, officer.email, officer.password);
    const progress = (await (await session.get(`/updates/${updateId}/progress.json`)).json()) as { held: number; summary: string };
    expect(progress.held).toBe(2);
    expect(progress.summary).toContain('2 customers held for quiet hours');

    // Morning comes on their clocks.
    await sql`UPDATE deliveries SET not_before = now() - interval '1 second' WHERE update_id = ${updateId} AND not_before IS NOT NULL`.execute(t.deps.db);
    const second = await sendUpdateBatches(sender(), updateId);
    expect(second.finished).toBe(true);
    expect((await deliveriesOf(updateId)).every((r) => r.status === 'sent')).toBe(true);
  });

  it('a promise kept by an update released on time counts customers held for their morning as reached', async () => {
    const { updateId: first } = await buildUpdate(t, { situationId, segmentIds: [segmentId], contactPointId: cpId, subject: 'Before the quiet one' });
    const due = (await t.deps.db.selectFrom('updates').select('next_update_at').where('id', '=', first).executeTakeFirstOrThrow()).next_update_at!;
    const later = await quietUpdate();
    await sendUpdateBatches(sender(), later);
    expect((await deliveriesOf(later)).filter((r) => r.status === 'queued')).toHaveLength(2);
    await evaluatePromises({ db: t.deps.db, transport: new OutboxTransport(t.deps.db), config: t.deps.config }, new Date(due.getTime() + 60_000));
    const p = await t.deps.db.selectFrom('promises').select(['state', 'reached', 'recipients', 'kept_by_update_id']).where('update_id', '=', first).executeTakeFirstOrThrow();
    expect(p).toMatchObject({ state: 'kept', reached: 4, recipients: 4, kept_by_update_id: later });
  });

  it('the window is an admin setting, validated', async () => {
    const admin = await t.userWithToken('admin');
    const bad = await t.api(admin.token, 'PATCH', '/api/v1/settings', { quietHours: { daytimeStart: 20, daytimeEnd: 8 } });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain('the daytime window must end after it starts');
    const ok = await t.api(admin.token, 'PATCH', '/api/v1/settings', { quietHours: { daytimeStart: 7, daytimeEnd: 21 } });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ quietHours: { daytimeStart: 7, daytimeEnd: 21 } });
    const session = await pageSession(t.app, admin.email, admin.password);
    const page = await session.post('/settings', { organisationName: 'tidings', promiseReminderHours: '24', daytimeStart: '21', daytimeEnd: '6' });
    expect(page.status).toBe(400);
    expect(await page.text()).toContain('quiet hours until: the daytime window must end after it starts');
  });

  it('the composer carries the choice to the update', () => {
    const form = { segmentIds: '1', contactPointId: '1', ackKind: 'apology', ackText: 'Sorry.', nextUpdateLocal: '', timeZone: 'UTC', final: 'on', quietHours: 'on', defaultLocale: 'en' };
    expect(inputFromValues(valuesFromForm(form))).toMatchObject({ quietHours: true, final: true });
    expect(inputFromValues(valuesFromForm({ ...form, quietHours: '' }))).toMatchObject({ quietHours: false });
  });
});
