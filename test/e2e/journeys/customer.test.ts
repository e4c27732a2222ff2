import { describe, expect, it } from 'vitest';
import { useBrowser } from '../browser.ts';
import { startJourney } from '../journey.ts';
import { journeyWorld } from './world.ts';

const t = useBrowser();

describe.each(['en', 'nb'] as const)('the customer’s journey, in %s', (lang) => {
  it('reads their status page, asks a question, unsubscribes from the matter, and is no longer promised a next update', async () => {
    const world = await journeyWorld(t, (await t.userWithToken('responder')).id);
    const customer = world.customers[lang];
    const j = await startJourney(t, 'customer', lang);
    const { page, T } = j;

    await page.goto(customer.statusPath);
    await expect.poll(() => page.getByRole('heading', { name: T('portal.updates') }).count()).toBe(1);
    const promiseLead = T('portal.nextPromise', { date: '' }).replace(/\s*\.?$/, '').trim();
    expect(await page.locator('body').textContent()).toContain(promiseLead);
    expect(await page.locator('body').textContent()).toContain(world.contactPointName);
    await j.step('status-page');

    await page.getByLabel(T('portal.askLabel'), { exact: true }).fill(lang === 'nb' ? 'Når får jeg svar på refusjonskravet?' : 'When will I hear about my refund claim?');
    await page.getByRole('button', { name: T('portal.askSubmit') }).click();
    await expect.poll(() => page.locator('body').textContent()).toContain(T('portal.askSent', { name: world.contactPointName }));
    await j.step('question-sent');

    await page.goto(customer.unsubscribePath);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toContain(T('unsubscribe.heading', { situation: world.situationTitle }).slice(0, 8));
    await j.step('unsubscribe');
    await page.getByRole('button', { name: T('unsubscribe.stopSituation') }).click();
    await expect.poll(() => page.locator('body').textContent()).toContain(T('unsubscribe.thanks'));
    await j.step('unsubscribed');

    await page.goto(customer.statusPath);
    const text = (await page.locator('body').textContent()) ?? '';
    expect(text).toContain(T('portal.unsubscribedSituation'));
    expect(text).not.toContain(promiseLead);
    await j.step('status-page-after');
    await page.context().close();
  });
});
