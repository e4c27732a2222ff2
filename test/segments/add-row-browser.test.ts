import { describe, expect, it } from 'vitest';
import { seedBuilderContacts } from './fixtures.ts';
import { expectAccessible, signIn, useBrowser } from '../e2e/browser.ts';

const t = useBrowser();

describe('"Add condition" with the script', () => {
  it('adds an empty, renumbered row in place without reloading; the live count, Remove and Preview work on it', async () => {
    await seedBuilderContacts(t.deps.db);
    const officer = await t.userWithToken('officer');
    const page = await t.newPage();
    await signIn(page, officer.email, officer.password);
    await page.goto('/segments/new');
    await page.getByLabel('Attribute').fill('tier');
    await page.getByLabel('Value').fill('gold');
    await expect.poll(() => page.locator('#segment-live').textContent()).toBe('1 customer will receive this; 1 excluded (suppressed 1, unsubscribed 0)');

    // A mark on the window survives only if the page is not loaded again.
    await page.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));
    let navigations = 0;
    page.on('framenavigated', (f) => {
      if (f === page.mainFrame()) navigations++;
    });
    await page.getByRole('button', { name: 'Add condition' }).click();
    await page.locator('#attribute_1').waitFor();
    expect(navigations).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);
    expect(await page.locator('#attribute_0').inputValue()).toBe('tier');
    expect(await page.locator('#attribute_1').inputValue()).toBe('');
    expect(await page.locator('#value_1').inputValue()).toBe('');
    expect(await page.locator('#op_1').inputValue()).toBe('eq');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('attribute_1');
    expect(await page.getByRole('group', { name: 'Condition 2' }).count()).toBe(1);
    expect(await page.locator('input[name="rows"]').inputValue()).toBe('2');
    expect(await page.getByRole('button', { name: 'Remove condition 1' }).count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Remove condition 2' }).count()).toBe(1);
    await expectAccessible(page);

    // The live count follows the new row.
    await page.locator('#attribute_1').fill('refund_claim');
    await page.locator('#op_1').selectOption('gt');
    await page.locator('#value_1').fill('5');
    await page.locator('#seg-match').selectOption('any');
    await expect.poll(() => page.locator('#segment-live').textContent()).toBe('1 customer will receive this; 2 excluded (suppressed 1, unsubscribed 1)');

    // A third row, then Preview (a plain submit) keeps all three as typed.
    await page.getByRole('button', { name: 'Add condition' }).click();
    await page.locator('#attribute_2').fill('locale');
    await page.locator('#value_2').fill('nb');
    expect(navigations).toBe(0);
    await page.getByRole('button', { name: 'Preview', exact: true }).and(page.locator('.secondary')).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Preview' }).isVisible()).toBe(true);
    expect(await page.locator('#attribute_1').inputValue()).toBe('refund_claim');
    expect(await page.locator('#value_1').inputValue()).toBe('5');
    expect(await page.locator('#attribute_2').inputValue()).toBe('locale');

    // Remove (a plain submit) takes out the row it names.
    await page.getByRole('button', { name: 'Remove condition 2' }).click();
    await page.waitForLoadState();
    await expect.poll(() => page.locator('#attribute_1').inputValue()).toBe('locale');
    expect(await page.locator('#attribute_2').count()).toBe(0);
  });
});
