import { describe, expect, it } from 'vitest';
import { addSuppression } from '../../src/suppressions/queries.ts';
import { useTestApp } from '../helpers/app.ts';
import { englishLeft } from '../helpers/i18n.ts';
import { pageSessionIn } from '../helpers/session.ts';

const t = useTestApp();

describe('the suppression list in the reader’s language', () => {
  it('lists, refuses and lifts in Norwegian; the API keeps its English refusal', async () => {
    await addSuppression(t.deps.db, 'sperret@example.org', 'bounced', 'evt_1');
    await addSuppression(t.deps.db, 'klaget@example.org', 'complained', 'evt_2');
    const { session } = await pageSessionIn(t, 'admin', 'nb');

    const html = await (await session.get('/suppressions')).text();
    expect(html).toContain('<html lang="nb">');
    expect(html).toContain('<h1>Sperrede adresser</h1>');
    expect(html).toContain('<td>Hard retur</td>');
    expect(html).toContain('<td>Merket som søppelpost</td>');
    expect(html).toContain('<th scope="col">Opphev</th>');
    // The button shows "Opphev" and is named in full for a screen reader.
    expect(html).toContain('<span aria-hidden="true">Opphev</span><span class="visually-hidden">Opphev sperringen av sperret@example.org</span>');
    expect(englishLeft(html, 'suppressions')).toEqual([]);

    const none = await (await session.get('/suppressions?q=nobody-here')).text();
    expect(none).toContain('Ingen sperrede adresser samsvarer.');

    const noReason = await session.post('/suppressions/lift', { email: 'sperret@example.org', reason: '  ' });
    expect(noReason.status).toBe(400);
    expect(await noReason.text()).toMatch(/id="lift-error">\s*skriv hvorfor sperringen oppheves \(begrunnelse\)/);

    const unknown = await session.post('/suppressions/lift', { email: 'ukjent@example.org', reason: 'spurt' });
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toMatch(/id="lift-error">\s*fant ingen sperring for ukjent@example.org/);

    const lifted = await (await session.post('/suppressions/lift', { email: 'sperret@example.org', reason: 'Kunden ba om det' })).text();
    expect(lifted).toContain('Sperringen av sperret@example.org er opphevet. Senere oppdateringer kan sendes til denne adressen igjen.');
    expect(englishLeft(lifted, 'suppressions')).toEqual([]);

    const api = await t.userWithToken('admin');
    const res = await t.api(api.token, 'DELETE', '/api/v1/suppressions/ukjent@example.org', { reason: 'asked' });
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { message: string } }).error.message).toBe('suppression for ukjent@example.org not found');
  });

  it('leaves no English sentence of the page in Swedish, Dutch or Hungarian', async () => {
    for (const [locale, heading] of [
      ['sv', 'Spärrade adresser'],
      ['nl', 'Geblokkeerde adressen'],
      ['hu', 'Letiltott címek'],
    ] as const) {
      const { session } = await pageSessionIn(t, 'admin', locale);
      const html = await (await session.get('/suppressions')).text();
      expect(html).toContain(`<html lang="${locale}">`);
      expect(html).toContain(`<h1>${heading}</h1>`);
      expect(englishLeft(html, 'suppressions'), locale).toEqual([]);
    }
  });
});
