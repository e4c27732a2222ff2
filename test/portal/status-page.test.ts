import { describe, expect, it } from 'vitest';
import { markdownToEmailHtml } from '../../emails/markdown.ts';
import { signLink } from '../../src/links.ts';
import { useTestApp } from '../helpers/app.ts';
import { baseScenario, seedContacts } from '../helpers/scenario.ts';
import { pageSession } from '../helpers/session.ts';
import { buildUpdate } from '../helpers/updates.ts';
import { inAYear as inAYearFromNow, statusToken } from './helpers.ts';

const t = useTestApp({ publicUrl: 'https://tidings.example.org' });

const inAYear = inAYearFromNow();

describe("the customer's status page", () => {
  it('shows a customer only the updates they received, in their language, with the promise and their contact person', async () => {
    await seedContacts(t.deps.db, 6, 'portal');
    const { situation, cp, segment } = await baseScenario(t.deps.db);
    const { updateId: first } = await buildUpdate(t, { situationId: situation.id, segmentIds: [segment.id], contactPointId: cp.id, subject: 'Første oppdatering' });
    // portal1 bounces after the first update, so the second one leaves them out.
    await t.deps.db.insertInto('suppressions').values({ email_lower: 'portal1@example.org', reason: 'bounced', source: 'test' }).execute();
    await buildUpdate(t, { situationId: situation.id, segmentIds: [segment.id], contactPointId: cp.id, subject: 'Andre oppdatering' });

    const ds = await t.deps.db.selectFrom('deliveries').select(['id', 'email', 'update_id']).where('update_id', '=', first).execute();
    const tokenFor = (email: string) => signLink(t.deps.config.secret, { purpose: 'status', id: ds.find((d) => d.email === email)!.id, expiresAt: inAYear });

    // portal1 and portal6 have locale nb (1 + g % 5 = 2).
    const kept = await t.app.request(`/c/${tokenFor('portal6@example.org')}`);
    expect(kept.status).toBe(200);
    const html = await kept.text();
    expect(html).toContain('<html lang="nb">');
    expect(html).toContain('Bokklubben restructuring');
    expect(html).toContain('Oppdatering 1: Første oppdatering');
    expect(html).toContain('Oppdatering 2: Andre oppdatering');
    expect(html).toContain('Vi skriver til deg igjen innen');
    expect(html).toContain('Ingrid Dahl');
    expect(html).toContain('+47 22 12 34 56');

    const bounced = await (await t.app.request(`/c/${tokenFor('portal1@example.org')}`)).text();
    expect(bounced).toContain('Oppdatering 1: Første oppdatering');
    expect(bounced).not.toContain('Andre oppdatering');
  });

  it('refuses an altered, an expired and an unsubscribe token, showing no data', async () => {
    const d = await t.deps.db.selectFrom('deliveries').select('id').orderBy('id').limit(1).executeTakeFirstOrThrow();
    const good = signLink(t.deps.config.secret, { purpose: 'status', id: d.id, expiresAt: inAYear });
    const altered = good.slice(0, -1) + (good.endsWith('A') ? 'B' : 'A');
    const expired = signLink(t.deps.config.secret, { purpose: 'status', id: d.id, expiresAt: new Date(Date.now() - 1000) });
    const other = signLink(t.deps.config.secret, { purpose: 'unsubscribe', id: d.id, expiresAt: inAYear });
    for (const [token, message] of [
      [altered, /not valid/],
      [expired, /expired/],
      [other, /not valid/],
      ['nonsense', /not valid/],
    ] as const) {
      const res = await t.app.request(`/c/${token}`);
      expect(res.status, token).toBe(403);
      const body = await res.text();
      expect(body).toMatch(message);
      expect(body).not.toContain('Bokklubben restructuring');
      expect(body).not.toContain('Ingrid Dahl');
    }
  });

  it('answers a link that names no one in the browser’s language', async () => {
    const res = await t.app.request('/c/nonsense', { headers: { 'accept-language': 'sv-SE,sv;q=0.9,en;q=0.5' } });
    expect(res.status).toBe(403);
    const html = await res.text();
    expect(html).toContain('<html lang="sv">');
    expect(html).toContain('Länken är inte giltig.');
  });

  it('renders each update’s Markdown as its email did (same renderer, no inline styles), its headings below the update’s own', async () => {
    const body = '# Hva skjer nå\n\n## Bestillinger\n\n- bestillinger sendes\n- refusjoner betales\n\n> «Vi holder deg orientert.»\n\nLes [mer](https://example.org/mer) <b>her</b>';
    const { updateId } = await buildUpdate(t, { newCustomers: { n: 1, prefix: 'mdpage' }, input: { content: { en: { subject: 'What now', body: 'English' }, nb: { subject: 'Hva nå', body } } } });
    const { token } = await statusToken(t, updateId, 'mdpage1@example.org'); // nb
    const html = await (await t.app.request(`/c/${token}`)).text();
    const asInTheEmail = markdownToEmailHtml(body, 'nb')
      .replace(/ style="[^"]*"/g, '')
      // The email's own title is its h1, the page's update heading an h3: the body's headings sit two levels lower here.
      .replace(/<(\/?)h(\d)>/g, (_, slash: string, level: string) => `<${slash}h${Number(level) + 2}>`);
    expect(html).toContain(`<div class="update-body">${asInTheEmail}</div>`);
    expect(html).toContain('<h4>Hva skjer nå</h4>\n<h5>Bestillinger</h5>');
    expect(html).toContain('<ul>\n<li>bestillinger sendes</li>');
    expect(html).toContain('&lt;b&gt;her&lt;/b&gt;');
    expect(html).not.toMatch(/style=|<b>/);
  });

  it('after the customer stops every update, says so instead of promising the next one', async () => {
    const { updateId } = await buildUpdate(t, { newCustomers: { n: 1, prefix: 'stopall' } });
    const { token, deliveryId } = await statusToken(t, updateId, 'stopall1@example.org'); // nb
    expect(await (await t.app.request(`/c/${token}`)).text()).toContain('Vi skriver til deg igjen innen');
    const unsubscribe = signLink(t.deps.config.secret, { purpose: 'unsubscribe', id: deliveryId, expiresAt: inAYear });
    const stopped = await t.app.request(`http://localhost/unsubscribe/${unsubscribe}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'scope=all&source=page' });
    expect(stopped.status).toBe(200);
    const html = await (await t.app.request(`/c/${token}`)).text();
    expect(html).not.toContain('Vi skriver til deg igjen innen');
    expect(html).toContain('Du har meldt deg av alle oppdateringer fra oss');

    // The contact's record says from what: everything, and this situation (stopping all stops it too).
    const officer = await t.userWithToken('officer');
    const session = await pageSession(t.app, officer.email, officer.password);
    const contact = await t.deps.db.selectFrom('contacts').select('id').where('email', '=', 'stopall1@example.org').executeTakeFirstOrThrow();
    const record = await (await session.get(`/contacts/${contact.id}`)).text();
    expect(record).toMatch(/<dt>Unsubscribed from<\/dt><dd><ul class="plain"><li>All updates \(since [^)]+ UTC\)<\/li><li>Updates about <a href="\/situations\/\d+">Bokklubben restructuring<\/a> \(since [^)]+ UTC\)<\/li><\/ul><\/dd>/);
  });
});
