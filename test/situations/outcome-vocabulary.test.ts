import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.ts';
import { seedContacts } from '../helpers/scenario.ts';
import { pageSession, type PageSession } from '../helpers/session.ts';
import { buildUpdate } from '../helpers/updates.ts';

// Issue 12, item 8: "39 failed" on the situation page but "0 failed; 32 bounced, 7 marked as spam"
// on the update page. One vocabulary and one set of counts on both.
const t = useTestApp();
let s: PageSession;
const ids = { situation: 0, update: 0 };

beforeAll(async () => {
  const officer = await t.userWithToken('officer');
  s = await pageSession(t.app, officer.email, officer.password);
  await seedContacts(t.deps.db, 10, 'voc');
  const built = await buildUpdate(t, { newCustomers: { n: 10, prefix: 'voc' }, subject: 'Words' });
  ids.situation = built.situationId;
  ids.update = built.updateId;
  await sql`UPDATE deliveries SET status = 'bounced', bounce_type = 'hard' WHERE update_id = ${ids.update} AND email IN ('voc1@example.org', 'voc2@example.org', 'voc3@example.org')`.execute(t.deps.db);
  await sql`UPDATE deliveries SET status = 'complained' WHERE update_id = ${ids.update} AND email = 'voc4@example.org'`.execute(t.deps.db);
  await sql`UPDATE deliveries SET status = 'delivered' WHERE update_id = ${ids.update} AND status = 'sent' AND email IN ('voc5@example.org', 'voc6@example.org')`.execute(t.deps.db);
});

const text = (html: string) => html.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ');

describe('the outcome of an update, in one vocabulary', () => {
  it('the situation timeline and the update page give the same counts in the same words', async () => {
    const situation = text(await (await s.get(`/situations/${ids.situation}`)).text());
    expect(situation).toContain('10 sent · 2 delivered · 0 excluded · 4 not delivered (3 bounced, 1 marked as spam)');
    expect(situation).not.toMatch(/\d+ failed/);
    const update = await (await s.get(`/updates/${ids.update}`)).text();
    expect(text(update)).toContain('Sent to 10 customers; 0 excluded; 4 not delivered (3 bounced, 1 marked as spam).');
    expect(update).toMatch(/data-count="handed_over">10</);
    expect(update).toMatch(/data-count="not_delivered">4</);
    expect(update).toMatch(/data-count="delivered">2</);
    expect(text(update)).toContain('Not delivered: 4');
  });

  it('the live numbers say the same', async () => {
    const json = (await (await s.get(`/updates/${ids.update}/progress.json`)).json()) as { summary: string; counts: Record<string, number> };
    expect(json.summary).toBe('Sent to 10 customers; 0 excluded; 4 not delivered (3 bounced, 1 marked as spam).');
    expect(json.counts).toMatchObject({ handed_over: 10, not_delivered: 4, bounced: 3, complained: 1, delivered: 2 });
  });

  it('the history finds the same 4 under "Not delivered"', async () => {
    const html = await (await s.get(`/history?update=${ids.update}&status=not_delivered`)).text();
    const rows = html.split('<tbody>')[1]?.split('</tbody>')[0] ?? '';
    expect(rows.match(/<tr>/g)).toHaveLength(4);
  });
});
