import { describe, expect, it } from 'vitest';
import { expectAccessible, signIn, useBrowser } from '../e2e/browser.ts';

const t = useBrowser();

const CSV = [
  'email,name,locale,timezone,tier',
  'web1@example.org,Wenche <b>Berg</b>,nb,Europe/Oslo,gold',
  'web2@example.org,Willem de Vries,nl,Europe/Amsterdam,silver',
  'not-an-email,Nobody,en,UTC,',
  'web3@example.org,Wanda,xx,UTC,',
].join('\n');

describe('contacts in the browser', () => {
  it('an officer uploads with a progress bar, reads counts and rejected rows in place, and every page is accessible', async () => {
    const officer = await t.userWithToken('officer');
    const page = await t.newPage();
    await signIn(page, officer.email, officer.password);
    await page.goto('/contacts');
    await expectAccessible(page);

    await page.getByLabel('CSV file (UTF-8)').setInputFiles({ name: 'customers.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) });
    // Hold the request so the upload state can be seen.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/contacts/import', async (route) => {
      await held;
      await route.continue();
    });
    await page.getByRole('button', { name: 'Import' }).click();
    await expect.poll(() => page.getByLabel('Uploading the file').isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: 'Import' }).isDisabled()).toBe(true);
    expect(await page.locator('#import-progress-text').textContent()).toMatch(/Upload/);
    release();
    await expect.poll(() => page.locator('#import-result').isVisible()).toBe(true);
    await page.unroute('**/contacts/import');
    expect(await page.getByRole('status').filter({ hasText: 'created' }).textContent()).toContain('2 created, 0 updated, 2 rejected');
    // Uploaded by the script (the page was updated in place, not navigated to the form's action)…
    expect(new URL(page.url()).pathname).toBe('/contacts');
    // …and the result heading has the focus, so a screen reader reads it next.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('import-result-heading');
    const rejected = page.getByRole('table', { name: 'Rows not imported, with the reason' });
    expect(await rejected.getByRole('row').count()).toBe(3);
    expect(await rejected.getByRole('row').nth(1).textContent()).toBe('4not-an-emailnot a valid email address');
    expect(await rejected.getByRole('row').nth(2).textContent()).toMatch(/^5web3@example\.orgunknown locale "xx"/);
    expect(await page.getByRole('alert').textContent()).toContain('2 rows were not imported');
    // HTML in a name is text.
    expect(await page.locator('td b').count()).toBe(0);
    expect(await page.getByRole('cell', { name: 'Wenche <b>Berg</b>', exact: true }).count()).toBe(1);
    await expectAccessible(page);

    // The form works again after the in-place update: re-importing updates, never duplicates.
    await page.getByLabel('CSV file (UTF-8)').setInputFiles({ name: 'again.csv', mimeType: 'text/csv', buffer: Buffer.from('email,tier\nWEB1@example.org,platinum\n') });
    await page.getByRole('button', { name: 'Import' }).click();
    await expect.poll(async () => page.getByRole('status').filter({ hasText: 'created' }).textContent()).toContain('0 created, 1 updated, 0 rejected');
    expect(new URL(page.url()).pathname).toBe('/contacts');

    await page.getByRole('link', { name: 'web1@example.org' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Wenche <b>Berg</b>');
    expect(await page.getByRole('row', { name: /tier/ }).textContent()).toBe('tierplatinumtext');
    await expectAccessible(page);
  });

  it('the import form works without JavaScript', async () => {
    const officer = await t.userWithToken('officer');
    const context = await t.browser.newContext({ baseURL: t.baseUrl, javaScriptEnabled: false });
    const page = await context.newPage();
    await signIn(page, officer.email, officer.password);
    await page.goto('/contacts');
    await page.getByLabel('CSV file (UTF-8)').setInputFiles({ name: 'plain.csv', mimeType: 'text/csv', buffer: Buffer.from('email,name\nnojs@example.org,No Script\n') });
    await page.getByRole('button', { name: 'Import' }).click();
    await page.waitForURL((u) => u.pathname === '/contacts/import');
    expect(await page.getByRole('status').filter({ hasText: 'created' }).textContent()).toContain('1 created, 0 updated, 0 rejected');
    expect(await page.getByRole('link', { name: 'nojs@example.org' }).count()).toBe(1);
    await context.close();
  });
});
