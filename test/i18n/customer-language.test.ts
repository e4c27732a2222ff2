import { beforeAll, describe, expect, it } from 'vitest';
import { answerConversation } from '../../src/conversations/answer.ts';
import { OutboxTransport } from '../../src/sending/transport.ts';
import { useTestApp } from '../helpers/app.ts';
import { pageSession } from '../helpers/session.ts';
import { buildUpdate } from '../helpers/updates.ts';
import { statusToken } from '../portal/helpers.ts';
import { unsubscribeScenario, updateIn, withUnsubscribeLinks, type Scenario } from '../unsubscribe/helpers.ts';
import { englishLeft } from '../helpers/i18n.ts';

const t = useTestApp({ publicUrl: 'https://tidings.example.org' });

/**
 * The walkthrough's Norwegian customer: update 1 had a Norwegian version, update
 * 2 did not, so their last email was the English default. Every page they
 * reach must still be Norwegian.
 */
let s: Scenario;
let first: number;
let second: number;
let unsubscribePath: string;

beforeAll(async () => {
  s = await unsubscribeScenario(t, [{ local: 'siri', locale: 'nb' }, { local: 'tom', locale: 'en' }], 'Nordlys takeover');
  ({ updateId: first } = await buildUpdate(t, updateIn(s)));
  const built = await withUnsubscribeLinks(
    t,
    await buildUpdate(t, {
      ...updateIn(s),
      input: {
        defaultLocale: 'en',
        content: { en: { subject: 'Orders and refunds', body: 'What happens now:\n\n- open orders ship as planned\n- refunds are paid within 14 days' } },
      },
    }),
  );
  second = built.updateId;
  unsubscribePath = built.deliveries.get('siri')!.path!;
});

describe('a Norwegian customer whose last update had no Norwegian version', () => {
  it('reads a fully Norwegian status page: update 2’s English text marked as such, newest first, Markdown as in the email', async () => {
    const { token, locale } = await statusToken(t, second, `siri@${s.domain}`);
    expect(locale).toBe('en'); // the variant the last email had
    const res = await t.app.request(`/c/${token}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<html lang="nb">');
    for (const nb of ['Din kontaktperson', 'Still et spørsmål', 'Oppdateringer du har fått', 'Oppdatering 1', 'Oppdatering 2', 'Vi skriver til deg igjen innen']) expect(html).toContain(nb);
    for (const en of ['Your contact person', 'Ask a question', 'Updates you have received', 'Update 1', 'Update 2']) expect(html).not.toContain(en);
    expect(englishLeft(html, 'portal', 'unsubscribe')).toEqual([]);

    // Newest first, with the numbers the customer saw in the subjects.
    expect(html.indexOf('Oppdatering 2')).toBeLessThan(html.indexOf('Oppdatering 1'));
    // Update 2's own words are English and say so; update 1's are Norwegian like the page.
    expect(html).toMatch(/<span lang="en">Orders and refunds<\/span>/);
    expect(html).toMatch(/<div class="update-body" lang="en">\s*<p>What happens now:<\/p>\s*<ul>\s*<li>open orders ship as planned<\/li>/);
    expect(html).toMatch(/<div class="update-body">\s*<p>Medlemskapet ditt <strong>fortsetter<\/strong>/);
    expect(html).not.toContain('- open orders ship');
  });

  it('asks a question and reads its confirmation in Norwegian', async () => {
    const { token } = await statusToken(t, second, `siri@${s.domain}`);
    const res = await t.app.request(`http://localhost/c/${token}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ text: 'Når kommer pengene?\n\nHilsen Siri', website: '' }),
    });
    expect(res.status).toBe(303);
    const confirmation = await (await t.app.request(res.headers.get('location')!)).text();
    expect(confirmation).toContain('<html lang="nb">');
    expect(confirmation).toContain('Spørsmålet ditt har nådd Ingrid Dahl.');

    const empty = await t.app.request(`http://localhost/c/${token}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': 'en' },
      body: new URLSearchParams({ text: ' ' }),
    });
    expect(empty.status).toBe(400);
    const refused = await empty.text();
    expect(refused).toContain('<html lang="nb">');
    expect(refused).toContain('Skriv spørsmålet ditt før du sender.');
  });

  it('gets the answer to that question with a Norwegian subject and a Norwegian introduction to the quoted question', async () => {
    const contact = await t.deps.db.selectFrom('contacts').select('id').where('email', '=', `siri@${s.domain}`).executeTakeFirstOrThrow();
    const conv = await t.deps.db.selectFrom('conversations').select('id').where('contact_id', '=', contact.id).executeTakeFirstOrThrow();
    const r = await answerConversation(t.deps.db, new OutboxTransport(t.deps.db), t.deps.config, { kind: 'user', userId: null, label: 'responder' }, conv.id, 'Hei Siri,\n\nPengene kommer fredag.');
    expect(r.sent).toBe(true);
    const email = await t.deps.db.selectFrom('outbox_messages').selectAll().where('idempotency_key', '=', `answer-${r.messageId}`).executeTakeFirstOrThrow();
    expect(email.subject).toBe('Re: Spørsmål fra statussiden');
    expect(email.text).toMatch(/^Hei Siri,\n\nPengene kommer fredag\.\n\nDu skrev [a-zæøå]+dag \d{1,2}\. [a-zæøå]+ \d{4}:\n> Når kommer pengene\?\n>\n> Hilsen Siri$/);
    expect(email.html).toContain('<blockquote');
    expect(email.html).toContain('Når kommer pengene?');
    expect(email.html).not.toMatch(/You wrote|Question from the status page/);
  });

  it('reads the unsubscribe pages in Norwegian though the email was English', async () => {
    const choice = await (await t.app.request(`http://localhost${unsubscribePath}`, { headers: { 'accept-language': 'en-GB' } })).text();
    expect(choice).toContain('<html lang="nb">');
    expect(choice).toContain('Oppdateringer om «Nordlys takeover»');
    const done = await t.app.request(`http://localhost${unsubscribePath}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    const html = await done.text();
    expect(html).toContain('<html lang="nb">');
    expect(html).toContain('Du får ikke lenger oppdateringer om «Nordlys takeover»');
    expect(englishLeft(html, 'portal', 'unsubscribe')).toEqual([]);
  });

  it('after unsubscribing, the status page promises no next update, and the contact’s record says from what', async () => {
    const { token } = await statusToken(t, first, `siri@${s.domain}`);
    const html = await (await t.app.request(`/c/${token}`)).text();
    expect(html).toContain('<html lang="nb">');
    expect(html).not.toContain('Vi skriver til deg igjen innen');
    expect(html).toContain('Du har meldt deg av oppdateringer om denne saken');

    const reader = await t.userWithToken('officer');
    const session = await pageSession(t.app, reader.email, reader.password);
    const contact = await t.deps.db.selectFrom('contacts').select('id').where('email', '=', `siri@${s.domain}`).executeTakeFirstOrThrow();
    const page = await (await session.get(`/contacts/${contact.id}`)).text();
    expect(page).toMatch(/Unsubscribed from[\s\S]*<a href="\/situations\/\d+">Nordlys takeover<\/a>/);
  });
});
