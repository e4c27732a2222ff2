import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.ts';
import { englishLeft, readerText } from '../helpers/i18n.ts';
import { baseScenario, seedContacts } from '../helpers/scenario.ts';
import { pageSessionIn, type PageSession } from '../helpers/session.ts';
import { buildUpdate } from '../helpers/updates.ts';

// Issue 12: the composer, its checklist and language warnings, and the review
// page in the officer's language; the API keeps its English words.

const t = useTestApp();
const NAMESPACES = ['composer', 'review', 'updates'];

let officer: Awaited<ReturnType<typeof t.userWithToken>>;
let nb: PageSession;
let draftId = 0;

beforeAll(async () => {
  await seedContacts(t.deps.db, 3, 'i18ncomp');
  ({ user: officer, session: nb } = await pageSessionIn(t, 'officer', 'nb'));
  // A draft in English and Swedish with no contact person and no acknowledgement of any language's own.
  const { situation, segment } = await baseScenario(t.deps.db, 'Lagerbrann');
  const res = await t.api(officer.token, 'POST', `/api/v1/situations/${situation.id}/updates`, {
    segmentIds: [segment.id],
    acknowledgement: { kind: 'apology', text: '' },
    nextUpdateAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
    defaultLocale: 'en',
    content: { en: { subject: 'The warehouse fire', body: 'Orders are delayed.' }, sv: { subject: 'Branden på lagret', body: 'Beställningar är försenade.' } },
  });
  expect(res.status).toBe(201);
  draftId = ((await res.json()) as { id: number }).id;
});

describe('the composer for a Norwegian officer', () => {
  it('shows the form, the checklist and the language warnings in Norwegian, languages named in Norwegian', async () => {
    const html = await (await nb.get(`/updates/${draftId}`)).text();
    expect(html).toContain('<html lang="nb">');
    const text = readerText(html);
    expect(text).toContain('Sjekkliste');
    expect(text).toContain('Før den kan godkjennes og sendes, mangler denne oppdateringen 2 ting:');
    expect(text).toContain('oppgi en kontaktperson kundene kan nå');
    // The general acknowledgement is empty and neither language has its own: both are named, the Norwegian way.
    expect(text).toContain('skriv den felles teksten for beklagelse/takk: versjonene på engelsk og svensk har ingen egen beklagelse/takk');
    expect(text).toContain('Kunder som leser svensk, vil se sakens tittel på engelsk (standardspråket), «Lagerbrann»: legg til en tittel på svensk på sakens side.');
    expect(text).toContain('Hvem som mottar den');
    expect(text).toContain('Når kan den komme fram?');
    expect(html).toMatch(/<summary>Svensk \(sv\)<\/summary>/);
    expect(html).toMatch(/<summary>Ungarsk \(hu\): ingen versjon ennå<\/summary>/);
    expect(html).toContain('<label for="f-ack-text-sv">Beklagelse/takk på svensk</label>');
    expect(html).toContain('<button type="submit">Lagre utkastet</button>');
    expect(englishLeft(html, ...NAMESPACES)).toEqual([]);
  });

  it('the API keeps the English checklist and warnings, without the catalogue text pages use', async () => {
    const body = (await (await t.api(officer.token, 'GET', `/api/v1/updates/${draftId}`)).json()) as { missing: unknown[]; warnings: unknown[] };
    expect(body.missing).toEqual([
      { element: 'contact_point', message: 'name a contact person customers can reach' },
      { element: 'acknowledgement', message: 'write the general acknowledgement text: the English and Swedish versions have no acknowledgement of their own' },
    ]);
    expect(body.warnings).toContainEqual({ locale: 'sv', element: 'situation_title', message: 'Customers reading Swedish will see the situation title in English (the default language), “Lagerbrann”: add a Swedish title on the situation page.' });
  });

  it('refuses submitting, saving and a test send in Norwegian on the page, in English through the API', async () => {
    const submitted = await nb.post(`/updates/${draftId}/submit`, {});
    expect(submitted.status).toBe(400);
    const page = readerText(await submitted.text());
    expect(page).toContain('denne oppdateringen kan ikke sendes til godkjenning ennå: oppgi en kontaktperson kundene kan nå; skriv den felles teksten for beklagelse/takk');
    const api = await t.api(officer.token, 'POST', `/api/v1/updates/${draftId}/submit`);
    expect(((await api.json()) as { error: { message: string } }).error.message).toBe(
      'this update cannot be submitted yet: name a contact person customers can reach; write the general acknowledgement text: the English and Swedish versions have no acknowledgement of their own',
    );

    const test = await nb.post(`/updates/${draftId}/test-send`, { locale: 'hu' });
    expect(test.status).toBe(400);
    expect(readerText(await test.text())).toContain('språk: oppdateringen har ennå ingen fullstendig versjon på ungarsk; skriv emne og tekst, eller test et annet språk');
    const apiTest = await t.api(officer.token, 'POST', `/api/v1/updates/${draftId}/test-send`, { locale: 'hu' });
    expect(((await apiTest.json()) as { error: { message: string } }).error.message).toBe('locale: the update has no complete Hungarian version yet; write its subject and body, or test another language');

    // A text without its kind: refused with what was typed kept.
    const saved = await nb.post(`/updates/${draftId}`, { ackKind: '', ackText: 'Vi beklager.', timeZone: 'Europe/Oslo', defaultLocale: 'en', subject_en: 'The warehouse fire', body_en: 'Orders are delayed.' });
    expect(saved.status).toBe(400);
    const savedHtml = await saved.text();
    expect(readerText(savedHtml)).toContain('Beklagelse/takk: oppgi om teksten er en beklagelse, en takk eller begge deler');
    expect(savedHtml).toContain('Vi beklager.');
  });

  it('the review page, and what changed since the update sent, in Norwegian', async () => {
    const { situationId, segmentIds, contactPointId } = await buildUpdate(t, { title: 'Flytting', input: { nextUpdateAt: '2099-03-05T09:00:00Z' } });
    const second = await t.api(officer.token, 'POST', `/api/v1/situations/${situationId}/updates`, {
      segmentIds,
      contactPointId,
      acknowledgement: { kind: 'thanks', text: 'Takk for tålmodigheten.' },
      final: true,
      defaultLocale: 'en',
      content: { en: { subject: 'We have moved', body: 'The move is done.' } },
    });
    const id = ((await second.json()) as { id: number }).id;
    const html = await (await nb.get(`/updates/${id}/review`)).text();
    expect(html).toContain('<html lang="nb">');
    const text = readerText(html);
    expect(text).toContain('Gjennomgang: ');
    expect(text).toContain('Hva som er endret siden forrige sendte oppdatering');
    expect(text).toContain('Sammenlignet med oppdatering 1: nye ord er understreket, fjernede ord er gjennomstreket.');
    expect(html).toContain('<dt>Beklagelse/takk</dt>');
    expect(html).toContain('<dt>Neste oppdatering</dt>');
    expect(html).toContain('<dt>Emne (en)</dt>');
    expect(html).toMatch(/<ins>[^<]*siste oppdatering/);
    expect(text).toContain('ingen ny oppdatering lovet');
    expect(text).toContain('Dette er den siste oppdateringen: den lover ingen ny.');
    expect(html).toMatch(/<h3 id="review-en" lang="nb">Engelsk \(standard: kunder med andre språk leser denne\)<\/h3>/);
    // Its author may not approve it: four eyes, said in Norwegian.
    expect(text).toContain('Du skrev eller endret denne oppdateringen, så en kollega må godkjenne den (fire øyne)');
    expect(englishLeft(html, ...NAMESPACES)).toEqual([]);
  });
});

describe('the composer and the review in Hungarian', () => {
  it('every text of these namespaces in Hungarian, the warnings naming languages the Hungarian way', async () => {
    const { session: hu } = await pageSessionIn(t, 'officer', 'hu');
    const html = await (await hu.get(`/updates/${draftId}`)).text();
    expect(html).toContain('<html lang="hu">');
    const text = readerText(html);
    expect(text).toContain('Ellenőrzőlista');
    expect(text).toContain('nevezzen meg egy kapcsolattartót, akit az ügyfelek elérhetnek');
    expect(text).toContain('A(z) svéd nyelvű ügyfelek az ügy címét angol nyelven (az alapértelmezett nyelven) fogják látni („Lagerbrann”)');
    expect(html).toContain('<label for="f-ack-text-sv">Bocsánatkérés/köszönet svéd nyelven</label>');
    expect(englishLeft(html, ...NAMESPACES)).toEqual([]);

    const review = await (await hu.get(`/updates/${draftId}/review`)).text();
    expect(review).toContain('<html lang="hu">');
    expect(readerText(review)).toContain('Ebben az ügyben még nem ment ki tájékoztató: itt minden új az ügyfeleknek.');
    expect(readerText(review)).toContain('Addig nem hagyható jóvá, amíg a fenti ellenőrzőlista nem teljes.');
    expect(englishLeft(review, ...NAMESPACES)).toEqual([]);
  });
});
