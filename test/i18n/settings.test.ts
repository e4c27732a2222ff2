import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.ts';
import { pageSessionIn } from '../helpers/session.ts';
import { englishLeft } from '../helpers/i18n.ts';

const t = useTestApp();

describe('the settings page in the reader’s language', () => {
  it('shows a Hungarian admin the form, its refusals and its flash in Hungarian; the API keeps English', async () => {
    const { user: admin, session: s } = await pageSessionIn(t, 'admin', 'hu');

    const html = await (await s.get('/settings')).text();
    expect(html).toContain('<html lang="hu">');
    expect(html).toContain('<title>Beállítások · tidings</title>');
    expect(html).toContain('Csendes órák: a nappali időablak');
    expect(html).toContain('senki (bárki maga is bekapcsolhatja)');
    expect(html).toContain('Beállítások mentése');
    expect(html).not.toMatch(/\bsettings\.[a-z]+[A-Z]\w*/);
    expect(englishLeft(html, 'settings')).toEqual([]);

    const form = { organisationName: 'Bokklubben', promiseReminderHours: '24', daytimeStart: '21', daytimeEnd: '6' };
    const refused = await s.post('/settings', form);
    expect(refused.status).toBe(400);
    const refusal = await refused.text();
    expect(refusal).toContain('csendes órák, eddig: a nappali időablaknak később kell véget érnie, mint ahogy kezdődik');
    expect(englishLeft(refusal, 'settings')).toEqual([]);
    const tooLong = await (await s.post('/settings', { ...form, daytimeEnd: '22', promiseReminderHours: '400' })).text();
    expect(tooLong).toContain('az emlékeztető ideje legfeljebb 336 óra (két hét) lehet');

    const saved = await s.post('/settings', { ...form, daytimeStart: '7', daytimeEnd: '21' });
    expect(saved.status).toBe(200);
    expect(await saved.text()).toContain('A beállítások elmentve.');

    const api = await t.api(admin.token, 'PATCH', '/api/v1/settings', { promiseReminderHours: 400 });
    expect(api.status).toBe(400);
    expect((await api.json()).error.message).toContain('must be at most 336 hours');
  });
});
