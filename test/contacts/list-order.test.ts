import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.ts';
import { signIn } from './helpers.ts';

const t = useTestApp();

const emailsIn = (html: string) => [...html.matchAll(/<a href="\/contacts\/\d+">([^<]+)<\/a>/g)].map((m) => m[1]!);

describe('the contacts list', () => {
  it('lists contacts alphabetically by address, says so, and continues alphabetically on the next page', async () => {
    // Added one at a time, in an order that is neither alphabetical nor reversed.
    const added = Array.from({ length: 60 }, (_, i) => `c${String((i * 37) % 60).padStart(2, '0')}@example.org`);
    for (const email of added) await t.deps.db.insertInto('contacts').values({ email, name: '', locale: 'en', timezone: 'UTC', attributes: '{}' }).execute();
    const officer = await t.userWithToken('officer');
    const session = await signIn(t, officer.email, officer.password);

    const first = await t.app.request('http://localhost/contacts', { headers: { cookie: session.cookie } });
    const html = await first.text();
    expect(html).toContain('Contacts, in alphabetical order of email address');
    expect(html).not.toContain('in the order they were added');
    const sorted = [...added].sort();
    expect(emailsIn(html)).toEqual(sorted.slice(0, 50));

    const next = /href="(\/contacts\?cursor=[^"]+)" rel="next"/.exec(html)![1]!.replaceAll('&amp;', '&');
    const second = await (await t.app.request(`http://localhost${next}`, { headers: { cookie: session.cookie } })).text();
    expect(emailsIn(second)).toEqual(sorted.slice(50));

    // A search keeps the order.
    const search = await (await t.app.request('http://localhost/contacts?q=c1', { headers: { cookie: session.cookie } })).text();
    expect(emailsIn(search)).toEqual(sorted.filter((e) => e.startsWith('c1')));
  });

  it('the API lists in the same order, so a cursor from either works on both', async () => {
    const officer = await t.userWithToken('officer');
    const body = (await (await t.api(officer.token, 'GET', '/api/v1/contacts?limit=5')).json()) as { contacts: Array<{ email: string }> };
    const emails = body.contacts.map((c) => c.email);
    expect(emails).toHaveLength(5);
    expect(emails).toEqual([...emails].sort());
  });
});
