import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { pageSessionIn } from '../../helpers/session.ts';
import { useBrowser } from '../browser.ts';
import { startJourney } from '../journey.ts';
import { signInAs } from './sign-in.ts';
import { journeyWorld } from './world.ts';

const t = useBrowser();

describe.each(['en', 'nb'] as const)('the auditor’s journey, in %s', (lang) => {
  it('finds one customer’s record in the send history, checks the audit record’s integrity, reads the promises, and cannot send', async () => {
    const world = await journeyWorld(t, (await t.userWithToken('responder')).id);
    const { user: auditor } = await pageSessionIn(t, 'auditor', lang);
    const j = await startJourney(t, 'auditor', lang);
    const { page, T } = j;
    await signInAs(j, auditor.email, auditor.password);
    await j.step('dashboard');

    await j.nav('layout.navHistory').click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(T('history.title'));
    await page.getByLabel(T('history.customerEmail'), { exact: true }).fill(world.customers.nb.email.toUpperCase());
    await page.getByRole('button', { name: T('common.filter'), exact: true }).click();
    await expect.poll(() => page.getByRole('table').getByRole('row').count()).toBe(2);
    await j.step('history');

    await page.getByRole('table').getByRole('link', { name: world.customers.nb.email }).first().click();
    await expect.poll(() => page.locator('body').textContent()).toContain(world.contactPointName);
    await j.step('recipient-record');

    await j.nav('layout.navAudit').click();
    await page.getByRole('button', { name: T('audit.checkIntegrity') }).click();
    const entries = Number((await sql<{ n: string }>`SELECT count(*) AS n FROM audit_log`.execute(t.deps.db)).rows[0]!.n);
    await expect.poll(() => page.locator('#verify-result').textContent()).toContain(T('audit.intact', { count: entries }));
    await j.step('audit-verified');

    await j.nav('layout.navPromises').click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(T('promises.title'));
    await j.step('promises');

    await page.goto(`/updates/${world.updateId}`);
    expect(await page.locator('form[action*="/send"], form[action*="/approve"]').count()).toBe(0);
    await j.step('update-read-only');
    await page.context().close();
  });
});
