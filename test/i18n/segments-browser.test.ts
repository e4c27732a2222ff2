import { describe, expect, it } from 'vitest';
import { pageSessionIn } from '../helpers/session.ts';
import { seedBuilderContacts } from '../segments/fixtures.ts';
import { expectAccessible, signIn, useBrowser } from '../e2e/browser.ts';

const t = useBrowser();

describe('the segment builder’s script in the reader’s language', () => {
  it('counts live, adds and names rows in Swedish', async () => {
    await seedBuilderContacts(t.deps.db);
    const { user: officer } = await pageSessionIn(t, 'officer', 'sv');
    const page = await t.newPage();
    await signIn(page, officer.email, officer.password);
    await page.goto('/segments/new');
    expect(await page.getAttribute('html', 'lang')).toBe('sv');

    await page.getByLabel('Attribut').fill('tier');
    await page.getByLabel('Värde').fill('gold');
    await expect.poll(() => page.locator('#segment-live').textContent()).toBe('1 kund kommer att ta emot detta; 1 utelämnade (spärrade 1, avregistrerade 0)');

    await page.getByLabel('Operator').selectOption('in');
    await page.getByLabel('Värde').fill('');
    await expect.poll(() => page.locator('#segment-live').textContent()).toMatch(/^Villkor 1, värde: /);
    await page.getByLabel('Operator').selectOption('eq');
    await page.getByLabel('Värde').fill('gold');

    await page.getByRole('button', { name: 'Lägg till villkor' }).click();
    await page.locator('#attribute_1').waitFor();
    expect(await page.getByRole('group', { name: 'Villkor 2' }).count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Ta bort villkor 1' }).count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Ta bort villkor 2' }).count()).toBe(1);
    expect(await page.locator('#segment-form li:nth-child(2) button [aria-hidden="true"]').textContent()).toBe('Ta bort');
    await expectAccessible(page);
  });
});
