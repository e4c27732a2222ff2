import { beforeAll, describe, expect, it } from 'vitest';
import { fileCustomerMessage } from '../../src/conversations/queries.ts';
import { keepUnmatched } from '../../src/conversations/unmatched.ts';
import { twoContactPoints } from '../conversations/helpers.ts';
import { useTestApp } from '../helpers/app.ts';
import { pageSessionIn, type PageSession } from '../helpers/session.ts';
import { englishLeft } from '../helpers/i18n.ts';

const t = useTestApp();
let conversationId: number;
let officerToken: string;
let officer: PageSession;
let responder: PageSession;

/** A page as the signed-in person sees it: in their language, with no catalogue key showing and none of the English sentences of the namespace. */
async function page(session: PageSession, path: string, lang: string, status = 200): Promise<string> {
  const res = await session.get(path);
  expect(res.status, path).toBe(status);
  const html = await res.text();
  expect(html, path).toContain(`<html lang="${lang}">`);
  expect(html, path).not.toMatch(/\bconversations\.[a-z]+[A-Z]\w*/);
  expect(englishLeft(html, 'conversations'), path).toEqual([]);
  return html;
}

beforeAll(async () => {
  const s = await twoContactPoints(t, 'i18nconv', 2);
  const contact = await t.deps.db.selectFrom('contacts').select('id').where('email', '=', 'i18nconv1@example.org').executeTakeFirstOrThrow();
  const message = { contactId: contact.id, situationId: s.situation.id, updateId: null, contactPointId: s.cp1, channel: 'email' as const, from: 'i18nconv1@example.org', to: 'x@example.org', text: 'Når kommer strømmen tilbake?\n\n> quoted', visibleText: 'Når kommer strømmen tilbake?' };
  conversationId = (await fileCustomerMessage(t.deps.db, { ...message, subject: 'Strømbrudd', classification: 'human' })).conversationId;
  await fileCustomerMessage(t.deps.db, { ...message, subject: 'Fravær', text: 'Jeg er på ferie.', visibleText: 'Jeg er på ferie.', classification: 'auto_reply' });
  await t.deps.db.updateTable('conversations').set({ last_customer_message_at: new Date(Date.now() - 30 * 3_600_000) }).where('id', '=', conversationId).execute();
  await keepUnmatched(t.deps.db, { id: 'in_i18n_1', to: ['r-x@replies.example.org'], from: 'kari@example.org', subject: 'Re: Strømbrudd', payload: {} }, 'forged');
  await keepUnmatched(t.deps.db, { id: 'in_i18n_2', to: ['r-y@replies.example.org'], from: 'ola@example.org', subject: 'Spørsmål', payload: { providerError: { status: 404, name: 'not_found', message: 'Email not found' } } }, 'provider_refused');

  const o = await pageSessionIn(t, 'officer', 'nb');
  officerToken = o.user.token;
  officer = o.session;
  responder = (await pageSessionIn(t, s.responder1, 'hu')).session;
});

describe('the conversation pages in the reader’s language', () => {
  it('show a Norwegian officer the inbox, the thread and its flash in Norwegian', async () => {
    const inbox = await page(officer, '/inbox', 'nb');
    expect(inbox).toContain('<title>Innboks · tidings</title>');
    expect(inbox).toContain('Kunder som venter på svar, de som har ventet lengst først.');
    expect(inbox).toContain('alles samtaler');
    expect(inbox).toMatch(/venter over 24 t<\/dt><dd>1<\/dd>/);
    expect(inbox).toContain('<td>30 t</td>');
    expect(inbox).toContain('<th scope="col">Siste melding</th>');

    const flagged = await officer.post(`/inbox/${conversationId}/flag`, { note: 'Ring kunden i morgen.' });
    expect(flagged.status).toBe(303);
    const thread = await page(officer, flagged.headers.get('location')!, 'nb');
    expect(thread).toContain('Kunden er merket for personlig oppfølging.');
    expect(thread).toContain('Samtale med');
    expect(thread).toContain('Har ventet på svar i 30 t');
    expect(thread).toContain('1 automatisk svar lagt til side');
    expect(thread).toContain('Sendes på e-post fra tidings i navnet til');
    expect(thread).toContain('Merk som besvart uten å sende');
    expect(thread).toContain('Notat til oppfølgingen');
    expect(thread).toContain('Oppdateringer denne kunden har fått');
    expect(thread).toMatch(/<td>(sendt|levert|i kø)<\/td>/);
  });

  it('say a refusal on a page in Norwegian while the API keeps its English text', async () => {
    expect((await officer.post(`/inbox/${conversationId}/answered`, {})).status).toBe(303);
    const again = await officer.post(`/inbox/${conversationId}/answered`, {});
    expect(again.status).toBe(409);
    const html = await again.text();
    expect(html).toContain('<html lang="nb">');
    expect(html).toContain('denne samtalen venter ikke på svar');

    expect(await page(officer, '/inbox/999999', 'nb', 404)).toContain('samtalen finnes ikke');
    const api = await t.api(officerToken, 'GET', '/api/v1/conversations/999999');
    expect((await api.json()).error).toEqual({ code: 'not_found', message: 'no such conversation' });
  });

  it('show the follow-ups and unmatched mail in Norwegian', async () => {
    const followUps = await page(officer, '/follow-ups', 'nb');
    expect(followUps).toContain('<h1>Oppfølginger</h1>');
    expect(followUps).toContain('Kunder som en saksbehandler har bedt organisasjonen ta personlig kontakt med.');
    expect(followUps).toMatch(/Ferdig<span class="visually-hidden"> med [^<]+<\/span>/);

    const unmatched = await page(officer, '/unmatched', 'nb');
    expect(unmatched).toContain('<h1>Uplassert e-post</h1>');
    expect(unmatched).toContain('en svaradresse som ikke stemmer (endret eller forfalsket)');
    // The provider's own answer stays in its words.
    expect(unmatched).toContain('e-postleverandøren ville ikke gi oss meldingen (404 not_found: Email not found)');
    expect(unmatched).toContain('Hvorfor den ikke ble plassert');
    const row = await t.deps.db.selectFrom('inbound_unmatched').select('id').where('provider_email_id', '=', 'in_i18n_1').executeTakeFirstOrThrow();
    const handled = await officer.post(`/unmatched/${row.id}/handled`, {});
    expect(handled.status).toBe(200);
    expect(await handled.text()).toContain('Merket som håndtert.');
  });

  it('show a Hungarian responder their inbox and thread in Hungarian', async () => {
    const inbox = await page(responder, '/inbox', 'hu');
    expect(inbox).toContain('Az Ön kapcsolattartóitól választ váró ügyfelek, a legrégebben várakozók elöl.');
    expect(inbox).toContain('több mint 24 órája vár');
    const thread = await page(responder, `/inbox/${conversationId}`, 'hu');
    expect(thread).toContain('Megválaszolva');
    expect(thread).toContain('Az ügyfélnek küldött tájékoztatók');
    expect(thread).toContain('Megjegyzés az utókövetéshez');
  });
});
