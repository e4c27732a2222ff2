import { describe, expect, it } from 'vitest';
import { expectAccessible, useBrowser } from '../e2e/browser.ts';
import { buildUpdate } from '../helpers/updates.ts';
import { unsubscribeScenario, updateIn, withUnsubscribeLinks } from './helpers.ts';

const t = useBrowser();

describe('the unsubscribe page in a browser', () => {
  it('renders in the customer’s language, is accessible, and both buttons work without JavaScript', async () => {
    const s = await unsubscribeScenario(t, [{ local: 'kai', locale: 'en' }, { local: 'liv', locale: 'nb' }]);
    const { deliveries } = await withUnsubscribeLinks(t, await buildUpdate(t, updateIn(s)));
    const kai = deliveries.get('kai')!;
    const liv = deliveries.get('liv')!;
    expect(kai.url!.startsWith(t.baseUrl)).toBe(true);

    // Accessibility of the choice page and the confirmation (axe needs script evaluation).
    const page = await t.newPage();
    await page.goto(liv.path!);
    expect(await page.locator('html').getAttribute('lang')).toBe('nb');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain(s.situationTitle);
    await expectAccessible(page);

    // A customer with JavaScript off: the page is plain HTML forms.
    const context = await t.browser.newContext({ baseURL: t.baseUrl, javaScriptEnabled: false });
    const noJs = await context.newPage();
    await noJs.goto(kai.url!);
    expect(await noJs.locator('html').getAttribute('lang')).toBe('en');
    await noJs.getByRole('button', { name: 'Stop updates about this matter' }).click();
    await noJs.waitForLoadState();
    expect(await noJs.getByRole('heading', { level: 1 }).textContent()).toBe(`You will no longer receive updates about “${s.situationTitle}”`);
    expect(await noJs.getByRole('status').textContent()).toBe('Thank you for letting us know.');
    expect(await t.deps.db.selectFrom('situation_unsubscribes').select(['source', 'delivery_id']).where('contact_id', '=', kai.contactId).execute()).toEqual([{ source: 'page', delivery_id: kai.id }]);

    // The confirmation offers to stop everything, which works without JavaScript too.
    await noJs.getByRole('button', { name: 'Stop all updates from us' }).click();
    await noJs.waitForLoadState();
    expect(await noJs.getByRole('heading', { level: 1 }).textContent()).toBe('You will no longer receive any updates from us');
    const contact = await t.deps.db.selectFrom('contacts').select('unsubscribed_at').where('id', '=', kai.contactId).executeTakeFirstOrThrow();
    expect(contact.unsubscribed_at).toBeInstanceOf(Date);
    await context.close();

    // The confirmation page is accessible as well (the Norwegian customer, in Norwegian).
    await page.getByRole('button', { name: 'Stopp oppdateringer om denne saken' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toBe('Takk for at du ga oss beskjed.');
    await expectAccessible(page);

    // A broken link shows an accessible refusal page.
    await page.goto('/unsubscribe/u1.zzz.forgedforgedforgedforgedfor');
    expect(await page.getByRole('alert').textContent()).toMatch(/link/i);
    await expectAccessible(page);
  });
});
