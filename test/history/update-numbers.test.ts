import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.ts';
import { baseScenario, seedContacts } from '../helpers/scenario.ts';
import { pageSession, type PageSession } from '../helpers/session.ts';
import { buildUpdate } from '../helpers/updates.ts';

// Issue 12, item 3 and 8: the history filter takes the update NUMBER customers saw within a
// situation (ids stay in URLs and the API), and "Not delivered" finds bounced, complained and failed rows.
const t = useTestApp();
let s: PageSession;
let token: string;
/** Situation "Other" sends first, so the ids of "Fire"'s updates are not their numbers. */
const ids = { other: 0, fire: 0, other1: 0, fire1: 0, fire2: 0 };

beforeAll(async () => {
  const auditor = await t.userWithToken('auditor');
  token = auditor.token;
  s = await pageSession(t.app, auditor.email, auditor.password);
  await seedContacts(t.deps.db, 5, 'num');
  const other = await baseScenario(t.deps.db, 'Other matter');
  const fire = await baseScenario(t.deps.db, 'Warehouse fire');
  ids.other = other.situation.id;
  ids.fire = fire.situation.id;
  ids.other1 = (await buildUpdate(t, { situationId: other.situation.id, segmentIds: [other.segment.id], contactPointId: other.cp.id, subject: 'Other first' })).updateId;
  ids.fire1 = (await buildUpdate(t, { situationId: fire.situation.id, segmentIds: [fire.segment.id], contactPointId: fire.cp.id, subject: 'Fire first' })).updateId;
  ids.fire2 = (await buildUpdate(t, { situationId: fire.situation.id, segmentIds: [fire.segment.id], contactPointId: fire.cp.id, subject: 'Fire second' })).updateId;
  expect(ids.fire1).not.toBe(1);
  await sql`UPDATE deliveries SET status = 'bounced', bounce_type = 'hard' WHERE update_id = ${ids.fire2} AND email = 'num1@example.org'`.execute(t.deps.db);
  await sql`UPDATE deliveries SET status = 'complained' WHERE update_id = ${ids.fire2} AND email = 'num2@example.org'`.execute(t.deps.db);
  await sql`UPDATE deliveries SET status = 'failed' WHERE update_id = ${ids.fire1} AND email = 'num3@example.org'`.execute(t.deps.db);
});

const rowsOf = (html: string) => html.split('<tbody>')[1]?.split('</tbody>')[0] ?? '';

describe('the history filter speaks in update numbers', () => {
  it('offers the situation and its sent updates as "Update 1, Update 2", not an id box', async () => {
    const html = await (await s.get(`/history?situation=${ids.fire}`)).text();
    expect(html).not.toContain('Update id');
    expect(html).toMatch(/<select[^>]*name="number"/);
    expect(html).toMatch(/<option value="1"[^>]*>Update 1/);
    expect(html).toMatch(/<option value="2"[^>]*>Update 2/);
  });

  it('takes the situation and the number within it: update 1 of "Warehouse fire" is that update, whatever its id', async () => {
    const html = await (await s.get(`/history?situation=${ids.fire}&number=1`)).text();
    const rows = rowsOf(html);
    expect(rows).toContain('Warehouse fire · update 1');
    expect(rows).not.toContain('update 2');
    expect(rows).not.toContain('Other matter');
    expect(html).toContain('Warehouse fire, update 1');
    // The same through the API, whose update= keeps taking an id.
    const byNumber = (await (await t.api(token, 'GET', `/api/v1/deliveries?situation=${ids.fire}&number=2`)).json()) as { deliveries: { updateId: number; updateNumber: number }[] };
    expect(new Set(byNumber.deliveries.map((d) => d.updateId))).toEqual(new Set([ids.fire2]));
    const byId = (await (await t.api(token, 'GET', `/api/v1/deliveries?update=${ids.fire1}`)).json()) as { deliveries: { updateId: number; updateNumber: number }[] };
    expect(new Set(byId.deliveries.map((d) => d.updateNumber))).toEqual(new Set([1]));
  });

  it('a link by id (from the update page) names the update by its number and situation', async () => {
    const html = await (await s.get(`/history?update=${ids.fire2}`)).text();
    expect(html).toContain('Warehouse fire, update 2');
    expect(html).not.toContain(`update ${ids.fire2}<`);
    expect(rowsOf(html)).toContain('Warehouse fire · update 2');
  });

  it('refuses a number without a situation, or one that is not a number, at the field', async () => {
    const bad = await s.get('/history?number=two');
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('id="h-number-error"');
    const api = await t.api(token, 'GET', '/api/v1/deliveries?number=1');
    expect(api.status).toBe(400);
    expect(((await api.json()) as { error: { message: string } }).error.message).toContain('situation');
  });
});

describe('"Not delivered" in the history', () => {
  it('is a state choice that finds the bounced, marked-as-spam and failed rows', async () => {
    const html = await (await s.get(`/history?status=not_delivered`)).text();
    expect(html).toMatch(/<option value="not_delivered"[^>]*>Not delivered/);
    const rows = rowsOf(html);
    for (const email of ['num1@example.org', 'num2@example.org', 'num3@example.org']) expect(rows).toContain(email);
    expect(rows).not.toContain('num4@example.org');
    const api = (await (await t.api(token, 'GET', '/api/v1/deliveries?status=not_delivered')).json()) as { deliveries: { status: string }[] };
    expect(api.deliveries.map((d) => d.status).sort()).toEqual(['bounced', 'complained', 'failed']);
  });

  it('keeps the single states: failed finds the failed row', async () => {
    const api = (await (await t.api(token, 'GET', '/api/v1/deliveries?status=failed')).json()) as { deliveries: { email: string }[] };
    expect(api.deliveries.map((d) => d.email)).toEqual(['num3@example.org']);
  });
});
