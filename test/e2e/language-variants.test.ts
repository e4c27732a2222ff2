import { describe, expect, it } from 'vitest';
import { CLI_ACTOR } from '../../src/audit/log.ts';
import { createDraft } from '../../src/updates/compose.ts';
import { baseScenario, completeUpdate, seedContacts } from '../helpers/scenario.ts';
import { expectAccessible, signIn, useBrowser } from './browser.ts';

const t = useBrowser();

describe('writing the acknowledgement, title and role per language, in Chromium', () => {
  it('an officer writes the Norwegian acknowledgement in its section, reads the warnings for Swedish, gives the situation a Norwegian title and the contact a Norwegian role; every page passes axe', async () => {
    await seedContacts(t.deps.db, 3, 'e2elang');
    const { situation, cp, segment } = await baseScenario(t.deps.db, 'Warehouse fire');
    const c = completeUpdate(segment.id, cp.id);
    const draft = await createDraft(t.deps.db, CLI_ACTOR, situation.id, { ...c, content: { ...c.content, sv: { subject: 'Lagerbrand', body: 'Leveranserna är försenade.' } } });
    const officer = await t.userWithToken('officer');
    const page = await t.newPage();
    await signIn(page, officer.email, officer.password);

    await page.goto(`/updates/${draft.id}`);
    // Swedish and Norwegian have words but nothing of their own around them yet.
    const warnings = page.locator('#language-warnings li');
    expect(await warnings.allTextContents()).toEqual(
      expect.arrayContaining([expect.stringContaining('Customers reading Norwegian Bokmål will see the acknowledgement in English (the default language)'), expect.stringContaining('Customers reading Swedish will see the situation title in English (the default language), “Warehouse fire”')]),
    );
    await expectAccessible(page);

    // The warning links to the field in that language's section.
    await page.locator('#language-warnings a[href="#f-ack-nb"]').click();
    await page.getByLabel('Acknowledgement in Norwegian Bokmål').fill('Vi beklager at leveransene er forsinket.');
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.waitForURL(/\/updates\/\d+\?/);
    expect(await page.getByLabel('Acknowledgement in Norwegian Bokmål').inputValue()).toBe('Vi beklager at leveransene er forsinket.');
    expect(await page.locator('#language-warnings').textContent()).not.toContain('Customers reading Norwegian Bokmål will see the acknowledgement');

    await page.goto(`/situations/${situation.id}`);
    await page.getByLabel('Title in Norwegian Bokmål').fill('Brann på lageret');
    await page.getByRole('button', { name: 'Save title and summary' }).click();
    await page.waitForURL(/done=changed/);
    expect(await page.getByLabel('Title in Norwegian Bokmål').inputValue()).toBe('Brann på lageret');
    await expectAccessible(page);

    await page.goto(`/contact-points/${cp.id}/edit`);
    await page.locator('summary', { hasText: 'Role in other languages' }).click();
    await page.getByLabel('Role in Norwegian Bokmål').fill('Leder for medlemsservice');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForSelector('text=Saved Ingrid Dahl.');

    await page.goto(`/updates/${draft.id}`);
    const left = await page.locator('#language-warnings li').allTextContents();
    expect(left.some((w) => w.includes('Norwegian Bokmål'))).toBe(false);
    expect(left.some((w) => w.includes('Swedish'))).toBe(true);
    await expectAccessible(page);
  });
});
