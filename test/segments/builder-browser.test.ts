import { describe, expect, it } from 'vitest';
import { seedBuilderContacts } from './fixtures.ts';
import { expectAccessible, signIn, useBrowser } from '../e2e/browser.ts';

const t = useBrowser();

describe('segment builder in the browser', () => {
  it('counts live as conditions change, adds rows, previews, saves, and stays accessible', async () => {
    await seedBuilderContacts(t.deps.db);
    const officer = await t.userWithToken('officer');
    const page = await t.newPage();
    await signIn(page, officer.email, officer.password);
    await page.goto('/segments/new');
    await expectAccessible(page);

    // Only the chosen kind's fields are shown once the script runs.
    expect(await page.locator('#seg-list-section').isHidden()).toBe(true);

    await page.getByLabel('Attribute').fill('tier');
    await page.getByLabel('Value').fill('gold');
    await expect.poll(() => page.locator('#segment-live').textContent()).toBe('1 customer will receive this; 1 excluded (suppressed 1, unsubscribed 0)');

    await page.getByRole('button', { name: 'Add condition' }).click();
    await page.locator('#attribute_1').waitFor();
    expect(await page.locator('#attribute_0').inputValue()).toBe('tier');
    await page.locator('#attribute_1').fill('refund_claim');
    await page.locator('#op_1').selectOption('gt');
    await page.locator('#value_1').fill('oops');
    await page.locator('#value_1').fill('');
    await page.getByRole('button', { name: 'Preview', exact: true }).and(page.locator('.secondary')).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Condition 2, value: gt needs a number or a string');
    await expectAccessible(page);

    await page.locator('#value_1').fill('5');
    await page.locator('#seg-match').selectOption('any');
    await expect.poll(() => page.locator('#segment-live').textContent()).toBe('1 customer will receive this; 2 excluded (suppressed 1, unsubscribed 1)');
    await page.locator('#seg-match').selectOption('all');
    await page.locator('#value_1').fill('-1');
    await page.getByRole('button', { name: 'Preview', exact: true }).and(page.locator('.secondary')).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Preview' }).isVisible()).toBe(true);
    await expectAccessible(page);

    await page.getByLabel('Name', { exact: true }).fill('Gold customers');
    await page.getByRole('button', { name: 'Save segment' }).click();
    await page.waitForURL(/\/segments\/\d+\?saved=1$/);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Segment: Gold customers');
    await expectAccessible(page);

    await page.goto('/segments');
    await expectAccessible(page);
    expect(await page.getByRole('link', { name: 'Gold customers' }).count()).toBe(1);
  });
});
