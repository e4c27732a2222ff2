import { describe, expect, it } from 'vitest';
import { buildUpdate } from '../helpers/updates.ts';
import { statusToken } from '../portal/helpers.ts';
import { unsubscribeScenario, updateIn, withUnsubscribeLinks } from '../unsubscribe/helpers.ts';
import { expectAccessible, useBrowser } from './browser.ts';

const t = useBrowser();

describe('a Norwegian customer in the browser', () => {
  it('reads the status page and the unsubscribe pages in Norwegian, with an English update marked as English, and the page stops promising after an unsubscribe', async () => {
    const s = await unsubscribeScenario(t, [{ local: 'solveig', locale: 'nb' }], 'Nordlys takeover');
    await buildUpdate(t, updateIn(s));
    const second = await withUnsubscribeLinks(
      t,
      await buildUpdate(t, { ...updateIn(s), input: { defaultLocale: 'en', content: { en: { subject: 'Orders and refunds', body: '## What happens now\n\n- open orders ship\n- refunds are paid' } } } }),
    );
    const { token } = await statusToken(t, second.updateId, `solveig@${s.domain}`);

    const page = await t.newPage();
    await page.goto(`/c/${token}`);
    expect(await page.locator('html').getAttribute('lang')).toBe('nb');
    const headings = await page.locator('article h3').allTextContents();
    expect(headings).toEqual(['Oppdatering 2: Orders and refunds', 'Oppdatering 1: Medlemskapet ditt under rekonstruksjonen']);
    expect(await page.locator('article').first().locator('[lang="en"]').count()).toBe(2); // the subject and the body
    expect(await page.locator('article').first().locator('.update-body li').allTextContents()).toEqual(['open orders ship', 'refunds are paid']);
    await expect.poll(() => page.locator('.promise').textContent()).toContain('Vi skriver til deg igjen innen');
    await expectAccessible(page);

    await page.goto(second.deliveries.get('solveig')!.path!);
    expect(await page.locator('html').getAttribute('lang')).toBe('nb');
    await page.getByRole('button', { name: 'Stopp oppdateringer om denne saken' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Du får ikke lenger oppdateringer om «Nordlys takeover»');
    await expectAccessible(page);

    await page.goto(`/c/${token}`);
    const promise = await page.locator('.promise').textContent();
    expect(promise).toContain('Du har meldt deg av oppdateringer om denne saken');
    expect(promise).not.toContain('Vi skriver til deg igjen');
    await expectAccessible(page);
  });
});
