import { describe, expect, it } from 'vitest';
import { expectAccessible, signIn, useBrowser } from './browser.ts';

const t = useBrowser();

describe('contact points in the browser', () => {
  it('an officer adds a named person, sees a clear validation message first, and the page stays accessible', async () => {
    const officer = await t.userWithToken('officer');
    const page = await t.newPage();
    await signIn(page, officer.email, officer.password);
    await expect.poll(() => page.getByRole('heading', { name: 'Dashboard' }).isVisible()).toBe(true);
    await expectAccessible(page);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Contact points' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Ingrid <b>Dahl</b>');
    await page.getByLabel('Role', { exact: true }).fill('Head of member relations');
    await page.getByLabel('Direct email').fill('ingrid@example.org');
    await page.getByLabel('Phone').fill('call me maybe');
    await page.getByRole('button', { name: 'Add contact point' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/phone/i);
    // What was typed is kept, so nothing is lost on a rejected form.
    expect(await page.getByLabel('Name', { exact: true }).inputValue()).toBe('Ingrid <b>Dahl</b>');
    await expectAccessible(page);

    await page.getByLabel('Phone').fill('+47 22 12 34 56');
    await page.getByRole('button', { name: 'Add contact point' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('Added Ingrid <b>Dahl</b>');
    // HTML in a name is shown as text, never interpreted.
    expect(await page.locator('td b').count()).toBe(0);
    expect(await page.getByRole('cell', { name: 'Ingrid <b>Dahl</b>', exact: true }).count()).toBe(1);
    await expectAccessible(page);
  });

  it('an auditor can read contact points but gets no form, and a forged POST is refused', async () => {
    const auditor = await t.userWithToken('auditor');
    const page = await t.newPage();
    await signIn(page, auditor.email, auditor.password);
    await page.goto('/contact-points');
    expect(await page.getByRole('button', { name: 'Add contact point' }).count()).toBe(0);
    const status = await page.evaluate(async () => {
      const csrf = document.querySelector('meta[name="csrf-token"]')!.getAttribute('content')!;
      const res = await fetch('/contact-points', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ _csrf: csrf, name: 'X', role: 'Y', email: 'x@example.org', phone: '+4712345678' }) });
      return res.status;
    });
    expect(status).toBe(403);
  });
});
