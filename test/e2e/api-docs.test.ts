import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useBrowser } from './browser.ts';

const t = useBrowser();

/** Every request the page makes and every console error or page error it logs. */
function record(page: Page): { requests: string[]; errors: string[] } {
  const seen = { requests: [] as string[], errors: [] as string[] };
  page.on('request', (r) => seen.requests.push(r.url()));
  page.on('console', (m) => {
    if (m.type() === 'error') seen.errors.push(m.text());
  });
  page.on('pageerror', (e) => seen.errors.push(e.message));
  return seen;
}

describe('the API reference in the browser', () => {
  it('shows the document with a navigation entry per tag, schemas, Markdown descriptions, and asks no other host', async () => {
    const doc = await (await fetch(`${t.baseUrl}/api/openapi.json`)).json();
    const tags = [...new Set(Object.values(doc.paths as Record<string, Record<string, { tags?: string[] }>>).flatMap((m) => Object.values(m).flatMap((op) => op.tags ?? [])))];
    expect(tags).toEqual(expect.arrayContaining(['Contacts', 'Contact points', 'Updates', 'Audit']));

    const page = await t.newPage();
    const seen = record(page);
    await page.goto('/api/docs');
    await expect.poll(() => page.getByRole('heading', { name: 'tidings API', level: 1 }).isVisible(), { timeout: 20000 }).toBe(true);

    // One navigation entry per tag, so a reader can jump to a part of the API.
    const sidebar = page.getByRole('navigation', { name: 'Sidebar for tidings API' });
    const tagEntry = (tag: string) => sidebar.getByRole('button', { name: new RegExp(`^${tag}\\s*(Open|Close) Group$`) });
    for (const tag of tags) expect(await tagEntry(tag).count(), `navigation entry for ${tag}`).toBe(1);

    // Descriptions are Markdown: code is shown as code, never as literal backticks,
    // and text in angle brackets is kept.
    const intro = page.locator('.introduction-description').first();
    await expect.poll(() => page.locator('code', { hasText: 'tidings token create' }).count()).toBeGreaterThan(0);
    expect(await intro.innerText()).toContain('Authorization: Bearer <token>');
    expect(await page.locator('body').innerText()).not.toContain('`');

    // An endpoint's request schema is shown: its body's fields and which are required.
    await tagEntry('Contact points').click();
    await sidebar.getByRole('button', { name: /^Create a contact point \(name, role, email, phone\)/ }).click();
    await page.waitForURL((u) => u.hash === '#tag/contact-points/POST/api/v1/contact-points');
    const operation = page.locator('section[id$="tag/contact-points/POST/api/v1/contact-points"]');
    await expect.poll(() => operation.isVisible(), { timeout: 10000 }).toBe(true);
    for (const field of ['name', 'role', 'email', 'phone', 'workingHours']) {
      const property = operation.locator(`[id$="POST/api/v1/contact-points.body.${field}"]`);
      expect(await property.innerText(), field).toContain(field);
    }
    const text = await operation.innerText();
    expect(text).toMatch(/Body/);
    expect(text).toMatch(/required/i);
    expect(text).toMatch(/string/);
    expect(text).toMatch(/\b201\b/);

    // Everything came from this server: the bundle, the document, no fonts or telemetry elsewhere.
    expect(seen.requests.filter((u) => !u.startsWith(`${t.baseUrl}/`))).toEqual([]);
    expect(seen.requests).toEqual(expect.arrayContaining([`${t.baseUrl}/api/docs/reference.js`, `${t.baseUrl}/api/openapi.json`]));
    expect(seen.errors.filter((e) => /Content Security Policy/i.test(e))).toEqual([]);
    expect(seen.errors).toEqual([]);
  }, 60000);

  it('"try it" sends a request to this server with the bearer token and shows its answer', async () => {
    const officer = await t.userWithToken('officer');
    const created = await t.api(officer.token, 'POST', '/api/v1/contact-points', { name: 'Ingrid Dahl', role: 'Head of member relations', email: 'ingrid@example.org', phone: '+47 22 12 34 56' });
    expect(created.status).toBe(201);

    const page = await t.newPage();
    const seen = record(page);
    const sent: { url: string; authorization: string | undefined }[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/api/v1/')) sent.push({ url: r.url(), authorization: r.headers()['authorization'] });
    });
    await page.goto('/api/docs');
    const token = page.getByRole('textbox', { name: /Bearer Token/i }).first();
    await expect.poll(() => token.isVisible(), { timeout: 20000 }).toBe(true);
    await token.fill(officer.token);

    await page.goto('/api/docs#tag/contact-points/GET/api/v1/contact-points');
    const operation = page.locator('section[id$="tag/contact-points/GET/api/v1/contact-points"]');
    await operation.getByRole('button', { name: /Test Request/i }).click();
    const client = page.getByRole('dialog');
    await client.getByRole('button', { name: /^Send/ }).first().click();
    await expect.poll(() => client.innerText(), { timeout: 10000 }).toContain('200 OK');
    expect(await client.innerText()).toContain('Ingrid Dahl');

    expect(sent).toEqual([{ url: `${t.baseUrl}/api/v1/contact-points`, authorization: `Bearer ${officer.token}` }]);
    expect(seen.requests.filter((u) => !u.startsWith(`${t.baseUrl}/`))).toEqual([]);
    expect(seen.errors).toEqual([]);
  }, 60000);
});
