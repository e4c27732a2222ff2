import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.ts';
import { englishLeft } from '../helpers/i18n.ts';
import { pageSessionIn, type PageSession } from '../helpers/session.ts';

const t = useTestApp();

function upload(session: PageSession, csv: string) {
  const form = new FormData();
  form.set('_csrf', session.csrf);
  form.set('file', new File([csv], 'kontakter.csv', { type: 'text/csv' }));
  return t.app.request('http://localhost/contacts/import', { method: 'POST', headers: { cookie: session.cookie }, body: form });
}

describe('contacts in the officer’s language', () => {
  it('imports through the form and reports the result and its refusals in Norwegian', async () => {
    const { session } = await pageSessionIn(t, 'officer', 'nb');
    const empty = await (await session.get('/contacts')).text();
    expect(empty).toContain('<html lang="nb">');
    expect(empty).toContain('<h1>Kontakter</h1>');
    expect(empty).toContain('<strong>0</strong> kontakter totalt.');
    expect(empty).toContain('Ingen kontakter ennå. Importer en CSV-fil for å legge dem til.');
    expect(empty).toContain('data-text-uploaded="Lastet opp {percent} %"');
    expect(englishLeft(empty, 'contacts')).toEqual([]);

    const result = await (await upload(session, 'email,name,tier\nkari@example.org,Kari,gull\nola@example.org,Ola,3\nikke-en-adresse,Nei,\n')).text();
    expect(result).toContain('<h2 id="import-result-heading" tabindex="-1">Resultat av importen</h2>');
    expect(result).toContain('2 opprettet, 0 oppdatert, 1 avvist');
    expect(result).toMatch(/role="alert">1 rad ble ikke importert\. De andre radene ble det\./);
    expect(result).toContain('<strong>2</strong> kontakter totalt.');
    expect(result).toContain('<th scope="col">Tidssone</th>');
    expect(englishLeft(result, 'contacts')).toEqual([]);

    const noEmail = await upload(session, 'mail,name\nx@example.org,X\n');
    expect(noEmail.status).toBe(400);
    expect(await noEmail.text()).toContain('Filen ble ikke importert: filen har ingen «email»-kolonne; overskriftsraden må navngi en (fant: &quot;mail&quot;, &quot;name&quot;)');

    const search = await (await session.get('/contacts?q=kari')).text();
    expect(search).toContain('<h2 id="list-heading">Kontakter som samsvarer med «kari»</h2>');
    const none = await (await session.get('/contacts?q=ingen-slik')).text();
    expect(none).toContain('Ingen kontakter samsvarer med dette søket.');
  });

  it('shows one contact and refuses, then does, an erasure in Swedish', async () => {
    const { session: officer } = await pageSessionIn(t, 'officer', 'sv');
    await upload(officer, 'email,name,score,vip\nsven@example.org,Sven,7,true\n');
    const id = (await t.deps.db.selectFrom('contacts').select('id').where('email', '=', 'sven@example.org').executeTakeFirstOrThrow()).id;

    const { session: admin } = await pageSessionIn(t, 'admin', 'sv');
    const page = await (await admin.get(`/contacts/${id}`)).text();
    expect(page).toContain('<html lang="sv">');
    expect(page).toContain('<dt>Tidszon</dt>');
    expect(page).toContain('<dd>Prenumererar</dd>');
    expect(page).toMatch(/<th scope="row">score<\/th><td>7<\/td><td>tal<\/td>/);
    expect(page).toMatch(/<th scope="row">vip<\/th><td>true<\/td><td>sant\/falskt<\/td>/);
    expect(page).toContain('<h2 id="erase-heading">Radera den här kunden</h2>');
    expect(page).toContain('Skriv ERASE eller kontaktens e-postadress för att bekräfta');
    expect(englishLeft(page, 'contacts')).toEqual([]);

    const refused = await admin.post(`/contacts/${id}/erase`, { confirm: 'radera' });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('id="erase-error">Ingenting raderades: ”radera” är varken ERASE eller kontaktens e-postadress.</p>');

    const erased = await admin.post(`/contacts/${id}/erase`, { confirm: 'ERASE' });
    expect(erased.status).toBe(303);
    const after = await (await admin.get(erased.headers.get('location')!)).text();
    expect(after).toContain('Kundens personuppgifter är raderade. Historiken behåller sin form under denna pseudonym.');
    expect(after).toMatch(/<dd>Raderad \d/);
    expect(after).toContain('Kunden raderades på egen begäran');
    expect(englishLeft(after, 'contacts')).toEqual([]);

    const again = await admin.post(`/contacts/${id}/erase`, { confirm: 'ERASE' });
    expect(again.status).toBe(409);
    expect(await again.text()).toMatch(new RegExp(`kontakt ${id} raderades redan \\d{4}-`));
  });

  it('leaves no English sentence of the contact pages in Dutch or Hungarian', async () => {
    const id = (await t.deps.db.selectFrom('contacts').select('id').where('email', '=', 'kari@example.org').executeTakeFirstOrThrow()).id;
    for (const locale of ['nl', 'hu']) {
      const { session } = await pageSessionIn(t, 'admin', locale);
      for (const path of ['/contacts', `/contacts/${id}`]) {
        const html = await (await session.get(path)).text();
        expect(html).toContain(`<html lang="${locale}">`);
        expect(englishLeft(html, 'contacts'), `${locale} ${path}`).toEqual([]);
      }
    }
  });
});
