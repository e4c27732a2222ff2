import { describe, expect, it } from 'vitest';
import { CLI_ACTOR } from '../../src/audit/log.ts';
import { createSegment } from '../../src/segments/queries.ts';
import { useTestApp } from '../helpers/app.ts';
import { pageSession } from '../helpers/session.ts';

const t = useTestApp();

/** The text of each row of the segments table: name → "Reaches now" cell. */
function reachByName(html: string): Record<string, string> {
  const rows = [...html.matchAll(/<tr><td><a href="\/segments\/\d+">([^<]+)<\/a><\/td><td>[^<]*<\/td><td>([^<]+)<\/td>/g)];
  return Object.fromEntries(rows.map((m) => [m[1]!, m[2]!.replace(/<!--.*?-->/g, '').trim()]));
}

describe('the segments list', () => {
  it('shows for each segment how many customers it reaches now, leaving out suppressed, unsubscribed and erased customers', async () => {
    const db = t.deps.db;
    const contacts = [
      { email: 'gold1@example.org', attributes: { tier: 'gold' } },
      { email: 'gold2@example.org', attributes: { tier: 'gold' } },
      { email: 'gold3@example.org', attributes: { tier: 'gold' } },
      { email: 'gold4@example.org', attributes: { tier: 'gold' } },
      { email: 'silver1@example.org', attributes: { tier: 'silver' } },
    ];
    for (const c of contacts) await db.insertInto('contacts').values({ email: c.email, name: '', locale: 'en', timezone: 'UTC', attributes: JSON.stringify(c.attributes) }).execute();
    await db.insertInto('suppressions').values({ email_lower: 'gold2@example.org', reason: 'bounced', source: 'test' }).execute();
    await db.updateTable('contacts').set({ unsubscribed_at: new Date() }).where('email_lower', '=', 'gold3@example.org').execute();
    await createSegment(db, CLI_ACTOR, { name: 'Gold members', rule: { all: [{ attribute: 'tier', op: 'eq', value: 'gold' }] } });
    await createSegment(db, CLI_ACTOR, { name: 'Nobody', rule: { all: [{ attribute: 'tier', op: 'eq', value: 'platinum' }] } });
    await createSegment(db, CLI_ACTOR, { name: 'Hand-picked', emails: ['silver1@example.org', 'gold1@example.org'] });

    const officer = await t.userWithToken('officer');
    const session = await pageSession(t.app, officer.email, officer.password);
    const res = await t.app.request('http://localhost/segments', { headers: { cookie: session.cookie } });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Reaches now');
    expect(reachByName(html)).toEqual({ 'Gold members': '2 customers', Nobody: '0 customers', 'Hand-picked': '2 customers' });
  });
});
