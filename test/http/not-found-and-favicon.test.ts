import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.ts';
import { pageSession } from '../helpers/session.ts';

const t = useTestApp();

describe('a page that does not exist, and the favicon', () => {
  it('tells a person what happened and where to go, without the method and path jargon', async () => {
    const u = await t.userWithToken('officer');
    const s = await pageSession(t.app, u.email, u.password);
    const res = await t.app.request('http://localhost/no-such-page', { headers: { cookie: s.cookie, referer: 'http://localhost/history' } });
    expect(res.status).toBe(404);
    const html = await res.text();
    expect(html).toContain('<h1>Page not found</h1>');
    expect(html).toContain('There is no page at <code>/no-such-page</code>');
    expect(html).not.toContain('nothing at GET');
    expect(html).toContain('<a href="/">Go to the dashboard</a>');
    expect(html).toContain('<a href="/history">Go back to the page you came from</a>');
  });

  it('offers no back link to another site', async () => {
    const u = await t.userWithToken('auditor');
    const s = await pageSession(t.app, u.email, u.password);
    const res = await t.app.request('http://localhost/no-such-page', { headers: { cookie: s.cookie, referer: 'https://evil.example/' } });
    expect(res.status).toBe(404);
    const html = await res.text();
    expect(html).not.toContain('evil.example');
    expect(html).toContain('<a href="/">Go to the dashboard</a>');
    expect(html).not.toContain('Go back');
  });

  it('says what is missing when a record is gone', async () => {
    const u = await t.userWithToken('officer');
    const s = await pageSession(t.app, u.email, u.password);
    const res = await s.get('/contacts/999999');
    expect(res.status).toBe(404);
    const html = await res.text();
    expect(html).toContain('<h1>Page not found</h1>');
    expect(html).toContain('contact 999999 not found');
    expect(html).toContain('<a href="/">Go to the dashboard</a>');
  });

  it('keeps the API answer as JSON, and JSON for a client that asks for it', async () => {
    const u = await t.userWithToken('auditor');
    const s = await pageSession(t.app, u.email, u.password);
    const res = await t.app.request('http://localhost/api/no-such-thing', { headers: { cookie: s.cookie } });
    expect(res.status).toBe(404);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('not_found');
    expect(body.error.message).toBe('nothing at GET /api/no-such-thing');
    const asked = await t.app.request('http://localhost/no-such-page', { headers: { cookie: s.cookie, accept: 'application/json' } });
    expect(asked.status).toBe(404);
    expect(await asked.json()).toEqual({ error: { code: 'not_found', message: 'nothing at GET /no-such-page' } });
  });

  it('serves a favicon, cached, to anyone', async () => {
    const res = await t.app.request('http://localhost/favicon.ico');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/x-icon');
    expect(res.headers.get('cache-control')).toMatch(/public, max-age=\d{5,}/);
    const bytes = new Uint8Array(await res.arrayBuffer());
    // An ICO file: reserved 0, type 1, at least one image.
    expect([...bytes.slice(0, 4)]).toEqual([0, 0, 1, 0]);
    expect(bytes[4]).toBeGreaterThan(0);
  });
});
