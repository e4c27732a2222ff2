import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.ts';
import { englishLeft } from '../helpers/i18n.ts';
import { pageSessionIn } from '../helpers/session.ts';

const t = useTestApp();

describe('the audit log in the auditor’s language', () => {
  it('says the page, the integrity check and a broken anchor in Norwegian, while the API keeps English', async () => {
    const { session } = await pageSessionIn(t, 'auditor', 'nb');
    const html = await (await session.get('/audit?verify=1')).text();
    expect(html).toContain('<html lang="nb">');
    expect(html).toContain('<title>Revisjonslogg · tidings</title>');
    expect(html).toContain('<h1>Revisjonslogg</h1>');
    expect(html).toMatch(/id="verify-result">Intakt: \d+ oppføringer, alle lenker holder\. Nøkkelbaserte hasher fra oppføring \d+ og utover/);
    expect(html).toContain('Toppen av loggen (et ankerpunkt å oppbevare utenfor tidings):');
    expect(html).toContain('<button type="submit">Kontroller integriteten</button>');
    expect(html).toContain('<th scope="col">Hvem</th>');
    expect(englishLeft(html, 'audit')).toEqual([]);

    const head = /<code>(\d+):[0-9a-f]{64}<\/code>/.exec(html)![1]!;
    const anchor = `${head}:${'0'.repeat(64)}`;
    const broken = await (await session.get(`/audit?verify=1&anchor=${anchor}`)).text();
    expect(broken).toContain(`Brudd ved oppføring ${head}: den har en annen hash enn ankerpunktet som ble notert for den (loggen er skrevet om etter ankerpunktet).`);
    expect(englishLeft(broken, 'audit')).toEqual([]);

    const api = await t.userWithToken('auditor');
    const body = (await (await t.api(api.token, 'GET', `/api/v1/audit/verify?anchor=${anchor}`)).json()) as { brokenAt: Record<string, unknown> };
    expect(body.brokenAt).toEqual({ id: Number(head), reason: 'has another hash than the anchor noted for it (the record was rewritten after the anchor)' });
  });

  it('refuses a filter date it cannot read in Swedish on the page, in English in the API', async () => {
    const { session } = await pageSessionIn(t, 'auditor', 'sv');
    const res = await session.get('/audit?from=ig%C3%A5r');
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('<html lang="sv">');
    expect(html).toContain('from ”igår” är inget datum (använd ISO 8601');

    const api = await t.userWithToken('auditor');
    const json = (await (await t.api(api.token, 'GET', '/api/v1/audit?from=yesterday')).json()) as { error: { message: string } };
    expect(json.error.message).toBe('from "yesterday" is not a date (use ISO 8601, e.g. 2026-03-05 or 2026-03-05T09:00:00Z)');
  });

  it('leaves no English sentence of the page in Dutch or Hungarian', async () => {
    for (const [locale, heading] of [
      ['nl', 'Auditlog'],
      ['hu', 'Naplózás'],
    ] as const) {
      const { session } = await pageSessionIn(t, 'auditor', locale);
      const html = await (await session.get('/audit?verify=1')).text();
      expect(html).toContain(`<html lang="${locale}">`);
      expect(html).toContain(`<h1>${heading}</h1>`);
      expect(englishLeft(html, 'audit'), locale).toEqual([]);
    }
  });
});
