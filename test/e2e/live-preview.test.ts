import { describe, expect, it } from 'vitest';
import { CLI_ACTOR } from '../../src/audit/log.ts';
import { createDraft } from '../../src/updates/compose.ts';
import { baseScenario, completeUpdate } from '../helpers/scenario.ts';
import { expectAccessible, signIn, useBrowser } from './browser.ts';

const t = useBrowser();

describe('the preview follows the composer as the officer types', () => {
  it('shows the typed subject and body in the text part and the frame within seconds, without saving', async () => {
    const officer = await t.userWithToken('officer');
    const { situation, cp, segment } = await baseScenario(t.deps.db);
    const draft = await createDraft(t.deps.db, CLI_ACTOR, situation.id, completeUpdate(segment.id, cp.id));
    const before = await t.deps.db.selectFrom('updates').select(['version', 'content']).where('id', '=', draft.id).executeTakeFirstOrThrow();

    const page = await t.newPage();
    const refused: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text())) refused.push(m.text());
    });
    await signIn(page, officer.email, officer.password);
    await page.goto(`/updates/${draft.id}`);
    expect(await page.locator('#preview-save-hint').textContent()).toContain('It follows what you type.');
    await expectAccessible(page);

    const en = page.getByRole('group', { name: 'English (en)' });
    await en.getByLabel('Subject').fill('Deliveries resume on Monday');
    await en.getByLabel('Body (Markdown)').pressSequentially('The warehouse **reopens** on Monday.', { delay: 10 });
    const started = Date.now();
    await expect.poll(() => page.locator('#preview-subject').textContent(), { timeout: 2500 }).toContain('Deliveries resume on Monday');
    await expect.poll(() => page.locator('#preview-text').textContent(), { timeout: 2500 }).toContain('The warehouse reopens on Monday.');
    const frame = page.frameLocator('#preview-frame');
    await expect.poll(() => frame.locator('strong').first().textContent(), { timeout: 2500 }).toBe('reopens');
    expect(Date.now() - started).toBeLessThan(2500);
    // Still the composer, unsaved: no reload happened and the database holds the saved words.
    expect(new URL(page.url()).searchParams.get('done')).toBeNull();
    const after = await t.deps.db.selectFrom('updates').select(['version', 'content']).where('id', '=', draft.id).executeTakeFirstOrThrow();
    expect(after).toEqual(before);

    // Another language tab shows that language's words; emptying the default says what is missing.
    await page.getByRole('navigation', { name: 'Preview language' }).getByRole('link', { name: 'Norwegian Bokmål' }).click();
    // (A render per tab click: on a loaded machine it can take longer than the poll's default 5 s.)
    await expect.poll(() => page.locator('#preview-text').textContent(), { timeout: 15_000 }).toContain('Medlemskapet ditt fortsetter');
    // As a person would: the Norwegian email is in the frame before they go back to English.
    await expect.poll(() => page.frameLocator('#preview-frame').locator('body').textContent(), { timeout: 15_000 }).toContain('Medlemskapet ditt');
    await page.getByRole('navigation', { name: 'Preview language' }).getByRole('link', { name: 'English', exact: true }).click();
    await expect.poll(() => page.locator('#preview-subject').textContent(), { timeout: 15_000 }).toContain('Deliveries resume on Monday');
    await en.getByLabel('Subject').fill('');
    await en.getByLabel('Body (Markdown)').fill('');
    await expect.poll(() => page.locator('#preview-problem').isVisible()).toBe(true);
    expect(await page.locator('#preview-problem').textContent()).toMatch(/Nothing to preview yet/);
    await en.getByLabel('Subject').fill('Back again');
    await en.getByLabel('Body (Markdown)').fill('Restored.');
    await expect.poll(() => page.locator('#preview-body').isVisible()).toBe(true);
    await expect.poll(() => page.locator('#preview-text').textContent()).toContain('Restored.');
    await expectAccessible(page);
    expect(refused).toEqual([]);
  });
});
