import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.ts';
import { pageSession } from '../helpers/session.ts';

const t = useTestApp();

describe('a staff member’s own language', () => {
  it('is chosen on their own page, answers in it at once, and every page then follows it', async () => {
    const officer = await t.userWithToken('officer');
    const session = await pageSession(t.app, officer.email, officer.password);
    const before = await (await session.get('/')).text();
    expect(before).toContain('<html lang="en">');
    expect(before).toContain('Sign out');

    const chosen = await session.post('/account/language', { locale: 'nb' });
    expect(chosen.status).toBe(200);
    const html = await chosen.text();
    expect(html).toContain('<html lang="nb">');
    expect(html).toContain('Sidene og e-postene dine er nå på norsk bokmål.');
    expect(html).toMatch(/<option value="nb" lang="nb" selected/);

    const dashboard = await (await session.get('/')).text();
    expect(dashboard).toContain('<html lang="nb">');
    expect(dashboard).toContain('Logg ut');
    expect(dashboard).toContain('Utsendelseshistorikk');

    const audit = await t.deps.db.selectFrom('audit_log').select(['action', 'details']).where('action', '=', 'user.update').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(audit.details).toMatchObject({ locale: { from: 'en', to: 'nb' } });
  });

  it('refuses a language tidings does not have, naming the field, and keeps the one set', async () => {
    const auditor = await t.userWithToken('auditor');
    const session = await pageSession(t.app, auditor.email, auditor.password);
    await session.post('/account/language', { locale: 'sv' });
    const refused = await session.post('/account/language', { locale: 'de' });
    expect(refused.status).toBe(400);
    const html = await refused.text();
    expect(html).toMatch(/locale: (&quot;|")de(&quot;|") is not a language tidings supports; use one of en, nb, sv, nl, hu/);
    expect(html).toContain('<html lang="sv">');
    const row = await t.deps.db.selectFrom('users').select('locale').where('id', '=', auditor.id).executeTakeFirstOrThrow();
    expect(row.locale).toBe('sv');
  });

  it('before sign-in follows the browser’s Accept-Language', async () => {
    const res = await t.app.request('http://localhost/login', { headers: { 'accept-language': 'hu-HU,hu;q=0.9,en;q=0.5' } });
    expect(await res.text()).toContain('<html lang="hu">');
  });
});
