import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.ts';
import { decodeEntities, englishLeft } from '../helpers/i18n.ts';
import { pageSessionIn } from '../helpers/session.ts';
import { buildUpdate } from '../helpers/updates.ts';
import { seedBuilderContacts } from '../segments/fixtures.ts';

const t = useTestApp();

const goldRule = { rows: '1', kind: 'rule', match: 'all', attribute_0: 'tier', op_0: 'eq', value_0: 'gold' };

let approved: Awaited<ReturnType<typeof buildUpdate>>;

beforeAll(async () => {
  await seedBuilderContacts(t.deps.db);
  approved = await buildUpdate(t, { until: 'approved', subject: 'Refunds start in April' });
});

describe('segments in the officer’s language', () => {
  it('lists segments with their reach, and builds, previews and refuses in Norwegian', async () => {
    const { session } = await pageSessionIn(t, 'officer', 'nb');
    const list = await (await session.get('/segments')).text();
    expect(list).toContain('<html lang="nb">');
    expect(list).toContain('<h1>Segmenter</h1>');
    expect(list).toContain('<th scope="col">Når nå</th>');
    expect(list).toMatch(/<td>\d+ kunder?<\/td>/);
    expect(englishLeft(list, 'segments')).toEqual([]);

    const builder = await (await session.get('/segments/new')).text();
    expect(builder).toContain('<title>Nytt segment · tidings</title>');
    expect(builder).toContain('<legend>Betingelse 1</legend>');
    expect(builder).toContain('<option value="gt">er større enn (gt)</option>');
    expect(builder).toContain('Endre betingelsene for å se hvor mange kunder som samsvarer.');
    // The builder's script numbers new rows and names their buttons in the page's language.
    expect(builder).toContain('data-text-condition="Betingelse {n}"');
    expect(builder).toContain('data-text-remove-condition="Fjern betingelse {n}"');
    expect(englishLeft(builder, 'segments')).toEqual([]);

    const preview = await (await session.post('/segments/new', { action: 'preview', ...goldRule })).text();
    expect(preview).toContain('1 kunde vil motta dette; 1 utelatt (sperret 1, avmeldt 0)');
    expect(preview).toContain('<caption>Utelatt, etter årsak</caption>');
    expect(englishLeft(preview, 'segments')).toEqual([]);

    const refused = await session.post('/segments/new', { action: 'preview', ...goldRule, op_0: 'gt', value_0: '' });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toMatch(/id="segment-error">Betingelse 1, verdi: /);
    const unnamed = await session.post('/segments/new', { action: 'save', ...goldRule, name: ' ' });
    expect(await unnamed.text()).toContain('id="segment-error">Navn: gi segmentet et navn</p>');
  });

  it('answers the builder’s live count in the reader’s language', async () => {
    const { session } = await pageSessionIn(t, 'officer', 'sv');
    const ask = (fields: Record<string, string>) =>
      t.app.request('http://localhost/segments/preview.json', {
        method: 'POST',
        headers: { cookie: session.cookie, 'x-csrf-token': session.csrf, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: new URLSearchParams(fields).toString(),
      });
    expect(((await (await ask(goldRule)).json()) as { summary: string }).summary).toBe('1 kund kommer att ta emot detta; 1 utelämnade (spärrade 1, avregistrerade 0)');
    const bad = await ask({ ...goldRule, op_0: 'in', value_0: '' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/^Villkor 1, värde: /);
  });

  it('warns about the approvals a change withdraws, and says what saving did, in Norwegian', async () => {
    const { session } = await pageSessionIn(t, 'officer', 'nb');
    const segmentId = approved.segmentIds[0]!;
    const page = await (await session.get(`/segments/${segmentId}`)).text();
    expect(page).toContain('Godkjente oppdateringer sendes til dette segmentet');
    expect(page).toContain('sendes denne godkjente oppdateringen tilbake til utkast');
    expect(page).toContain('Refunds start in April</a> (godkjent)');
    expect(englishLeft(page, 'segments')).toEqual([]);

    const name = /id="seg-name" name="name" value="([^"]*)"/.exec(page)![1]!;
    const saved = await session.post(`/segments/${segmentId}`, { action: 'save', ...goldRule, name: decodeEntities(name) });
    expect(saved.status).toBe(303);
    const after = await (await session.get(saved.headers.get('location')!)).text();
    expect(after).toContain('Segmentet er lagret. 1 godkjent oppdatering ble sendt tilbake til utkast: hvem som mottar den, er endret, så en kollega må godkjenne på nytt.');

    const list = await session.post('/segments/new', { action: 'save', rows: '1', kind: 'list', name: 'Faste adresser', emails: 'ana@example.org\nukjent@example.org' });
    expect(await list.text()).toContain('Lagret. 1 adresse samsvarer ikke med noen kunde og ble utelatt: ukjent@example.org.');
  });

  it('leaves no English sentence of the builder in Dutch or Hungarian', async () => {
    for (const locale of ['nl', 'hu']) {
      const { session } = await pageSessionIn(t, 'officer', locale);
      for (const path of ['/segments', '/segments/new', `/segments/${approved.segmentIds[0]}`]) {
        const html = await (await session.get(path)).text();
        expect(html).toContain(`<html lang="${locale}">`);
        expect(englishLeft(html, 'segments'), `${locale} ${path}`).toEqual([]);
      }
    }
  });
});
