import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { can } from '../../src/permissions.ts';
import { expectAccessible, signIn, useBrowser } from './browser.ts';

const t = useBrowser();

describe('the page shell, in the browser', () => {
  it('renders in standards mode with a one-row header whose every nav link is reachable by keyboard (admin, 1366×768)', async () => {
    const admin = await t.userWithToken('admin');
    const page = await t.newPage();
    await page.setViewportSize({ width: 1366, height: 768 });
    await signIn(page, admin.email, admin.password);
    await page.goto('/');

    expect(await page.evaluate(() => document.compatMode)).toBe('CSS1Compat');
    const header = await page.locator('header.top').boundingBox();
    expect(header!.height).toBeLessThanOrEqual(80);

    // Every nav link is visible and reached by Tab from the top of the page.
    const links = page.getByRole('navigation', { name: 'Main' }).getByRole('link');
    const hrefs = await links.evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    expect(hrefs).toEqual(expect.arrayContaining(['/', '/inbox', '/situations', '/outbox', '/users', '/unmatched', '/settings', '/audit', '/history']));
    expect(hrefs).toHaveLength(14);
    for (const link of await links.all()) expect(await link.isVisible()).toBe(true);
    const reached = new Set<string>();
    for (let i = 0; i < 40 && reached.size < hrefs.length; i++) {
      await page.keyboard.press('Tab');
      const focused = await page.evaluate(() => (document.activeElement?.closest('nav[aria-label="Main"]') ? document.activeElement.getAttribute('href') : null));
      if (focused) reached.add(focused);
    }
    expect([...reached].sort()).toEqual([...hrefs].sort());

    // Enter on a focused nav link goes there.
    await links.filter({ hasText: 'Audit log' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL((u) => u.pathname === '/audit');
    expect(await page.getByRole('link', { name: 'Audit log' }).getAttribute('aria-current')).toBe('page');
    await expectAccessible(page);
  });

  it('keeps each nav item for the roles allowed to use it, and the header one row for every role', async () => {
    for (const role of ['officer', 'responder', 'auditor'] as const) {
      const u = await t.userWithToken(role);
      const page = await t.newPage();
      await page.setViewportSize({ width: 1366, height: 768 });
      await signIn(page, u.email, u.password);
      await page.goto('/');
      const hrefs = await page.getByRole('navigation', { name: 'Main' }).getByRole('link').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      const gated = { '/outbox': 'outbox:read', '/users': 'users:manage', '/unmatched': 'unmatched:handle', '/settings': 'settings:manage' } as const;
      for (const [href, permission] of Object.entries(gated)) expect(hrefs.includes(href), `${role} ${href}`).toBe(can(role, permission));
      expect(hrefs, role).toContain('/situations');
      expect(hrefs, role).toHaveLength(10 + Object.values(gated).filter((p) => can(role, p)).length);
      expect((await page.locator('header.top').boundingBox())!.height, role).toBeLessThanOrEqual(80);
      await expectAccessible(page);
      await page.context().close();
    }
  });

  it('renders customer pages and the sign-in page in standards mode', async () => {
    const page = await t.newPage();
    await page.goto('/unsubscribe/not-a-real-token');
    expect(await page.evaluate(() => document.compatMode)).toBe('CSS1Compat');
    await expectAccessible(page);
    await page.goto('/c/not-a-real-token');
    expect(await page.evaluate(() => document.compatMode)).toBe('CSS1Compat');
    await page.goto('/login');
    expect(await page.evaluate(() => document.compatMode)).toBe('CSS1Compat');
    await expectAccessible(page);
  });

  it('opens a link of a previewed email from the outbox in a new tab', async () => {
    const admin = await t.userWithToken('admin');
    const id = randomUUID();
    const target = `${t.baseUrl}/login?from=email`;
    await t.deps.db
      .insertInto('outbox_messages')
      .values({
        id,
        idempotency_key: null,
        to_address: 'reader@example.org',
        from_address: 'news@example.org',
        reply_to: null,
        subject: 'A link to follow',
        html: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>x</title></head><body><p><a href="${target}">Read the status page</a></p></body></html>`,
        text: 'Read the status page',
        headers: JSON.stringify({}),
        tags: JSON.stringify([]),
        test: false,
      })
      .execute();
    const page = await t.newPage();
    await signIn(page, admin.email, admin.password);
    await page.goto(`/outbox/${id}`);
    const [popup] = await Promise.all([page.context().waitForEvent('page'), page.frameLocator('#message-frame').getByRole('link', { name: 'Read the status page' }).click()]);
    await popup.waitForLoadState();
    expect(popup.url()).toBe(target);
    // The new tab is an ordinary page, not a sandboxed one: its own scripts run.
    expect(await popup.evaluate(() => document.compatMode)).toBe('CSS1Compat');
    expect(page.url()).toContain(`/outbox/${id}`);
  });
});
