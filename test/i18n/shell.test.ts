import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.ts';
import { englishLeft } from '../helpers/i18n.ts';
import { pageSessionIn } from '../helpers/session.ts';

const t = useTestApp();

/** The page is in `lang`, with none of the shell's English sentences left and no raw key. */
function inLanguage(html: string, lang: string) {
  expect(html).toContain(`<html lang="${lang}">`);
  expect(englishLeft(html, 'shell', 'layout')).toEqual([]);
}

describe('the pages around every domain, in the reader’s language', () => {
  it('the not-found page speaks Norwegian to a Norwegian officer, for an address and for a missing record', async () => {
    const { session } = await pageSessionIn(t, 'officer', 'nb');
    const res = await t.app.request('http://localhost/no-such-page', { headers: { cookie: session.cookie, referer: 'http://localhost/history' } });
    expect(res.status).toBe(404);
    const html = await res.text();
    inLanguage(html, 'nb');
    expect(html).toContain('<h1>Fant ikke siden</h1>');
    expect(html).toContain('Det finnes ingen side på <code>/no-such-page</code>. Lenken kan være feilskrevet eller utdatert, eller siden kan ha flyttet.');
    expect(html).toContain('<a href="/">Gå til oversikten</a>');
    expect(html).toContain('<a href="/history">Gå tilbake til siden du kom fra</a>');
    expect(html).toContain('Logg ut');
  });

  it('a refusal by role names the role in Swedish on the page and stays English in the API', async () => {
    const { user: person, session } = await pageSessionIn(t, 'responder', 'sv');
    const res = await session.get('/users');
    expect(res.status).toBe(403);
    const html = await res.text();
    inLanguage(html, 'sv');
    expect(html).toContain('Din roll (handläggare) får inte göra det här (kräver users:manage).');
    const api = await t.api(person.token, 'GET', '/api/v1/users');
    expect(api.status).toBe(403);
    expect(((await api.json()) as { error: { message: string } }).error.message).toBe('the responder role may not do this (needs users:manage)');
  });

  it('an expired form says so in the browser’s language', async () => {
    const res = await t.app.request('http://localhost/login', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': 'nl-NL' },
      body: new URLSearchParams({ email: 'x@example.org', password: 'whatever it is', next: '/' }),
    });
    expect(res.status).toBe(403);
    const html = await res.text();
    inLanguage(html, 'nl');
    expect(html).toContain('Dit formulier is verlopen of kwam niet van tidings. Laad de pagina opnieuw en probeer het nog eens.');
  });

  it('the API reference page’s own words follow the browser’s language; the document stays as written', async () => {
    const res = await t.app.request('http://localhost/api/docs', { headers: { 'accept-language': 'hu-HU,hu;q=0.9' } });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toMatch(/^<!doctype html><html lang="hu">/);
    expect(html).toMatch(/<title>API-referencia · [^<]+<\/title>/);
    expect(html).toContain('Az interaktív referenciához JavaScript szükséges. Géppel olvasható dokumentum: <a href="/api/openapi.json">/api/openapi.json</a>.');
    expect(html).toContain('POST /api/v1/contact-points');
  });
});
