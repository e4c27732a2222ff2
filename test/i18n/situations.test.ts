import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.ts';
import { englishLeft, readerText } from '../helpers/i18n.ts';
import { pageSessionIn } from '../helpers/session.ts';
import { buildUpdate } from '../helpers/updates.ts';

// Issue 12: the situations list, the "Open a situation" form, a situation's
// page with its timeline and title form, their flashes and refusals, in the
// officer's language; the API keeps its English words.

const t = useTestApp();
const NAMESPACES = ['situations', 'deliveries', 'updates'];

describe('situations for a Norwegian officer', () => {
  it('the list and the form that opens one, its flash, and the situation page with its timeline', async () => {
    const { session } = await pageSessionIn(t, 'officer', 'nb');
    const sent = await buildUpdate(t, { title: 'Lagerbrann', newCustomers: { n: 3, prefix: 'i18nsit' } });
    await buildUpdate(t, { situationId: sent.situationId, segmentIds: sent.segmentIds, contactPointId: sent.contactPointId, until: 'approved' });

    const list = await (await session.get('/situations')).text();
    expect(list).toContain('<html lang="nb">');
    expect(list).toContain('<h1>Saker</h1>');
    expect(list).toContain('<th scope="col">Oppdateringer sendt</th>');
    expect(list).toMatch(/<span class="badge warn">Åpen<\/span>/);
    expect(list).toContain('<h2 id="open-h">Åpne en sak</h2>');
    expect(list).toContain('<label for="s-title-sv">Tittel på svensk</label>');
    expect(list).toContain('<button type="submit">Åpne saken</button>');
    expect(englishLeft(list, ...NAMESPACES)).toEqual([]);

    const opened = await session.post('/situations', { title: 'Prisendring', summary: '' });
    expect(opened.status).toBe(303);
    const fresh = await (await session.get(opened.headers.get('location')!)).text();
    expect(readerText(fresh)).toContain('Saken er åpnet. Start den første oppdateringen.');
    expect(readerText(fresh)).toContain('Ingen oppdateringer ennå.');

    const page = await (await session.get(`/situations/${sent.situationId}`)).text();
    expect(page).toContain('<html lang="nb">');
    const text = readerText(page);
    expect(text).toContain('Utsendelseshistorikk for denne saken');
    expect(text).toContain('Oppdatering 1: Your membership during the restructuring');
    // An approved update's entry says where it stands, not "Draft".
    expect(text).toContain('Godkjent oppdatering: Your membership during the restructuring');
    expect(text).toContain('3 sendt · 0 levert · 0 utelatt · 0 ikke levert');
    expect(text).toMatch(/Lover neste oppdatering innen \d+\. \S+ \d{4}/);
    expect(text).toContain('Ny oppdatering fra den forrige');
    expect(page).toContain('data-confirm="Merke denne saken som løst? Det kan ikke skrives flere oppdateringer i den."');
    expect(englishLeft(page, ...NAMESPACES)).toEqual([]);
  });

  it('refusals on the situation page in Norwegian, in English through the API', async () => {
    const { user, session } = await pageSessionIn(t, 'officer', 'nb');
    const opened = await session.post('/situations', { title: 'Tom sak', summary: '' });
    const id = Number(/\/situations\/(\d+)/.exec(opened.headers.get('location')!)![1]);

    const none = await session.post(`/situations/${id}/updates/from-previous`, {});
    expect(none.status).toBe(404);
    expect(readerText(await none.text())).toContain('denne saken har ingen tidligere oppdatering å starte fra');

    expect((await session.post(`/situations/${id}/resolve`, {})).status).toBe(303);
    const resolved = await session.post(`/situations/${id}/updates`, {});
    expect(resolved.status).toBe(409);
    const html = await resolved.text();
    expect(readerText(html)).toContain(`sak ${id} er løst; åpne en ny sak for å skrive igjen`);
    expect(readerText(html)).toMatch(/Løst/);
    const api = await t.api(user.token, 'POST', `/api/v1/situations/${id}/updates`, {});
    expect(((await api.json()) as { error: { message: string } }).error.message).toBe(`situation ${id} is resolved; open a new situation to write again`);

    const missing = await session.get('/situations/999999');
    expect(missing.status).toBe(404);
    expect(readerText(await missing.text())).toContain('finner ikke sak 999999');
  });
});

describe('situations in Swedish', () => {
  it('every text of this area in Swedish', async () => {
    const { session } = await pageSessionIn(t, 'officer', 'sv');
    const sent = await buildUpdate(t, { title: 'Lagerbranden', newCustomers: { n: 2, prefix: 'i18nsitsv' } });
    for (const path of ['/situations', `/situations/${sent.situationId}`]) {
      const html = await (await session.get(path)).text();
      expect(html, path).toContain('<html lang="sv">');
      expect(englishLeft(html, ...NAMESPACES), path).toEqual([]);
    }
    const page = readerText(await (await session.get(`/situations/${sent.situationId}`)).text());
    expect(page).toContain('Uppdatering 1: Your membership during the restructuring');
    expect(page).toContain('2 skickade · 0 levererade · 0 uteslutna · 0 inte levererade');
    expect(page).toContain('Rubrik och sammanfattning');
    expect(page).toContain('Rubrik på norskt bokmål');
    expect(page).toContain('Markera som löst');
  });
});
