import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.ts';
import { pageSession } from '../helpers/session.ts';

const t = useTestApp();

const INGRID = { name: 'Ingrid Dahl', role: 'Customer relations lead', email: 'ingrid@example.org', phone: '+47 22 00 00 00', workingHours: '', userId: '' };

describe('contact point pages', () => {
  it('adds, refuses a bad phone with 400 keeping what was typed, edits and archives', async () => {
    const officer = await t.userWithToken('officer');
    const session = await pageSession(t.app, officer.email, officer.password);

    const bad = await session.post('/contact-points', { ...INGRID, phone: 'call me maybe' });
    expect(bad.status).toBe(400);
    const badHtml = await bad.text();
    expect(badHtml).toMatch(/id="cp-error">\s*phone: is not a phone number/);
    expect(badHtml).toContain('value="Ingrid Dahl"');

    const added = await session.post('/contact-points', INGRID);
    expect(added.status).toBe(200);
    expect(await added.text()).toContain('Added Ingrid Dahl.');
    const cp = await t.deps.db.selectFrom('contact_points').select('id').where('name', '=', 'Ingrid Dahl').executeTakeFirstOrThrow();

    const edit = await session.get(`/contact-points/${cp.id}/edit`);
    expect(edit.status).toBe(200);
    expect(await edit.text()).toContain('value="+47 22 00 00 00"');

    const badEdit = await session.post(`/contact-points/${cp.id}`, { ...INGRID, email: 'not an address' });
    expect(badEdit.status).toBe(400);
    const badEditHtml = await badEdit.text();
    expect(badEditHtml).toContain('Edit Ingrid Dahl');
    expect(badEditHtml).toContain('value="not an address"');

    const saved = await session.post(`/contact-points/${cp.id}`, { ...INGRID, role: 'Head of member relations' });
    expect(await saved.text()).toContain('Saved Ingrid Dahl.');

    const archived = await session.post(`/contact-points/${cp.id}/archive`, {});
    expect(await archived.text()).toContain('Contact point archived.');
    expect((await session.get('/contact-points/999999/edit')).status).toBe(404);
  });

  it('shows an auditor the list without forms, and refuses their writes', async () => {
    const auditor = await t.userWithToken('auditor');
    const session = await pageSession(t.app, auditor.email, auditor.password);
    const list = await session.get('/contact-points');
    expect(list.status).toBe(200);
    expect(await list.text()).not.toContain('Add a contact point');
    expect((await session.post('/contact-points', INGRID)).status).toBe(403);
  });
});
