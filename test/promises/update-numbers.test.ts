import { parse } from 'csv-parse/sync';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluatePromises } from '../../src/promises/evaluate.ts';
import { OutboxTransport } from '../../src/sending/transport.ts';
import { useTestApp } from '../helpers/app.ts';
import { baseScenario, seedContacts } from '../helpers/scenario.ts';
import { pageSession, type PageSession } from '../helpers/session.ts';
import { buildUpdate } from '../helpers/updates.ts';

// Issue 12, item 3: the promise record and the audit log said "update #4" meaning the id.
// They name the update by the number customers saw and its situation, the id only in the link.
const t = useTestApp();
const HOUR = 3_600_000;
let s: PageSession;
let token: string;
const ids = { other: 0, first: 0, second: 0, situation: 0 };

beforeAll(async () => {
  const auditor = await t.userWithToken('auditor');
  token = auditor.token;
  await t.userWithToken('officer');
  s = await pageSession(t.app, auditor.email, auditor.password);
  await seedContacts(t.deps.db, 3, 'pnum');
  // Another situation's updates come first, so ids and numbers differ.
  const other = await baseScenario(t.deps.db, 'Other matter');
  ids.other = (await buildUpdate(t, { situationId: other.situation.id, segmentIds: [other.segment.id], contactPointId: other.cp.id, subject: 'Other' })).updateId;
  await buildUpdate(t, { situationId: other.situation.id, segmentIds: [other.segment.id], contactPointId: other.cp.id, subject: 'Other again' });
  const fire = await baseScenario(t.deps.db, 'Warehouse fire');
  ids.situation = fire.situation.id;
  ids.first = (await buildUpdate(t, { situationId: fire.situation.id, segmentIds: [fire.segment.id], contactPointId: fire.cp.id, subject: 'Fire first' })).updateId;
  const due = (await t.deps.db.selectFrom('updates').select('next_update_at').where('id', '=', ids.first).executeTakeFirstOrThrow()).next_update_at!;
  await sql`UPDATE updates SET sent_at = ${new Date(due.getTime() - 7 * 24 * HOUR)} WHERE id = ${ids.first}`.execute(t.deps.db);
  ids.second = (await buildUpdate(t, { situationId: fire.situation.id, segmentIds: [fire.segment.id], contactPointId: fire.cp.id, subject: 'Fire second' })).updateId;
  await sql`UPDATE updates SET sent_at = ${new Date(due.getTime() - HOUR)} WHERE id = ${ids.second}`.execute(t.deps.db);
  await sql`UPDATE deliveries SET sent_at = ${new Date(due.getTime() - HOUR)} WHERE update_id = ${ids.second} AND sent_at IS NOT NULL`.execute(t.deps.db);
  await evaluatePromises({ db: t.deps.db, transport: new OutboxTransport(t.deps.db), config: t.deps.config }, new Date(due.getTime() + HOUR));
  expect(ids.second).not.toBe(2);
});

describe('the promise record names updates by their numbers', () => {
  it('says which update kept a promise by its number and situation, linking the update', async () => {
    const html = await (await s.get('/promises?state=kept')).text();
    expect(html).toContain('Kept by update 2 of Warehouse fire');
    expect(html).toContain(`href="/updates/${ids.second}"`);
    expect(html).not.toContain(`#${ids.second}`);
    expect(html).not.toMatch(/update #\d/i);
  });

  it('the API and the CSV give the number beside the id', async () => {
    const api = (await (await t.api(token, 'GET', '/api/v1/promises?state=kept')).json()) as { promises: { situationTitle: string; keptByUpdateId: number; keptByUpdateNumber: number; updateNumber: number }[] };
    expect(api.promises.filter((p) => p.situationTitle === 'Warehouse fire')).toEqual([expect.objectContaining({ keptByUpdateId: ids.second, keptByUpdateNumber: 2, updateNumber: 1 })]);
    const csv = parse(await (await s.get('/promises.csv?state=kept')).text(), { comment: '#', columns: true }) as Record<string, string>[];
    expect(csv.find((r) => r['situation'] === 'Warehouse fire')).toMatchObject({ kept_by_update_id: String(ids.second), kept_by_update_number: '2', outcome: 'Kept by update 2 of Warehouse fire' });
  });
});

describe('the audit log names updates by their numbers', () => {
  it('shows an update subject as "Update 2 of <situation>" linked by id, never as "update <id>"', async () => {
    const html = await (await s.get('/audit?action=update.release')).text();
    expect(html).toContain(`<a href="/updates/${ids.second}">Update 2 of Warehouse fire</a>`);
    expect(html).toContain(`<a href="/updates/${ids.first}">Update 1 of Warehouse fire</a>`);
    expect(html).not.toContain(`update ${ids.second}<`);
  });

  it('says which update an id in the details is', async () => {
    const html = await (await s.get('/audit?action=promise.kept')).text();
    expect(html).toContain(`keptByUpdateId ${ids.second}: <a href="/updates/${ids.second}">Update 2 of Warehouse fire</a>`);
    expect(html).toContain(`updateId ${ids.first}: <a href="/updates/${ids.first}">Update 1 of Warehouse fire</a>`);
  });
});
