import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.ts';
import { englishLeft, readerText } from '../helpers/i18n.ts';
import { pageSessionIn } from '../helpers/session.ts';

// Issue 12: the contact points pages, their flashes and refusals in the
// officer's language; the API keeps its English words.

const t = useTestApp();

const INGRID = { name: 'Ingrid Dahl', role: 'Head of member relations', role_nb: 'Leder for medlemsservice', email: 'ingrid@example.org', phone: '+47 22 12 34 56', workingHours: '', userId: '' };

describe('contact points for a Norwegian officer', () => {
  it('lists, adds, edits and archives in Norwegian', async () => {
    const { session } = await pageSessionIn(t, 'officer', 'nb');
    const responder = await t.userWithToken('responder');
    const empty = await (await session.get('/contact-points')).text();
    expect(empty).toContain('<html lang="nb">');
    expect(empty).toContain('<h1>Kontaktpersoner</h1>');
    expect(readerText(empty)).toContain('Ingen kontaktpersoner ennå.');
    expect(empty).toContain('<h2>Legg til en kontaktperson</h2>');
    expect(empty).toContain('<label for="cp-role-sv">Rolle på svensk</label>');
    expect(empty).toContain('<summary>Rolle på andre språk</summary>');
    expect(empty).toContain(`Test responder (saksbehandler)`);
    expect(empty).toContain('<option value="">— ingen ennå —</option>');
    expect(englishLeft(empty, 'contactPoints')).toEqual([]);

    const added = await session.post('/contact-points', { ...INGRID, userId: String(responder.id) });
    expect(added.status).toBe(200);
    const list = await added.text();
    expect(readerText(list)).toContain('Ingrid Dahl er lagt til.');
    expect(list).toContain('<th scope="col">Arbeidstid</th>');
    expect(list).toContain('aria-label="Rediger Ingrid Dahl"');
    expect(englishLeft(list, 'contactPoints')).toEqual([]);

    const id = (await t.deps.db.selectFrom('contact_points').select('id').where('email', '=', 'ingrid@example.org').executeTakeFirstOrThrow()).id;
    const edit = await (await session.get(`/contact-points/${id}/edit`)).text();
    expect(edit).toContain('<h1>Rediger Ingrid Dahl</h1>');
    expect(edit).toContain('value="Leder for medlemsservice"');
    expect(edit).toContain('data-confirm="Arkivere denne kontaktpersonen? Tidligere oppdateringer oppgir fortsatt personen."');
    expect(englishLeft(edit, 'contactPoints')).toEqual([]);

    const saved = await session.post(`/contact-points/${id}`, { ...INGRID, phone: '+47 22 00 00 00' });
    expect(readerText(await saved.text())).toContain('Ingrid Dahl er lagret.');
    const archived = await session.post(`/contact-points/${id}/archive`, {});
    expect(readerText(await archived.text())).toContain('Kontaktpersonen er arkivert.');
  });

  it('refuses an auditor as the one who answers in Norwegian, in English through the API', async () => {
    const { user, session } = await pageSessionIn(t, 'admin', 'nb');
    const auditor = await t.userWithToken('auditor');
    const refused = await session.post('/contact-points', { ...INGRID, email: 'ingrid2@example.org', userId: String(auditor.id) });
    expect(refused.status).toBe(400);
    const html = await refused.text();
    expect(readerText(html)).toContain(`userId: bruker ${auditor.id} er revisor og kan ikke svare kunder`);
    // What was typed is kept.
    expect(html).toContain('value="ingrid2@example.org"');

    const api = await t.api(user.token, 'POST', '/api/v1/contact-points', { name: 'Ingrid Dahl', role: 'Lead', email: 'ingrid3@example.org', phone: '+47 22 12 34 56', userId: auditor.id });
    expect(((await api.json()) as { error: { message: string } }).error.message).toBe(`userId: user ${auditor.id} is an auditor and cannot answer customers`);

    const missing = await session.get('/contact-points/999999/edit');
    expect(missing.status).toBe(404);
    expect(readerText(await missing.text())).toContain('finner ikke kontaktperson 999999');
  });
});

describe('contact points in Dutch', () => {
  it('every text of this area in Dutch', async () => {
    const { session } = await pageSessionIn(t, 'admin', 'nl');
    await session.post('/contact-points', { ...INGRID, email: 'ingrid.nl@example.org' });
    const id = (await t.deps.db.selectFrom('contact_points').select('id').where('email', '=', 'ingrid.nl@example.org').executeTakeFirstOrThrow()).id;
    for (const path of ['/contact-points', `/contact-points/${id}/edit`]) {
      const html = await (await session.get(path)).text();
      expect(html, path).toContain('<html lang="nl">');
      expect(englishLeft(html, 'contactPoints'), path).toEqual([]);
    }
    const list = await (await session.get('/contact-points')).text();
    expect(list).toContain('<h1>Contactpersonen</h1>');
    expect(list).toContain('<h2>Een contactpersoon toevoegen</h2>');
    expect(list).toContain('<label for="cp-role-hu">Functie in het Hongaars</label>');
    const edit = await (await session.get(`/contact-points/${id}/edit`)).text();
    expect(edit).toContain('<h1>Ingrid Dahl bewerken</h1>');
    expect(edit).toContain('Archiveren');
  });
});
