import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { CLI_ACTOR } from '../../src/audit/log.ts';
import { createContactPoint } from '../../src/contact-points/queries.ts';
import { createSegment } from '../../src/segments/queries.ts';
import { instantToZoned } from '../../src/updates/composer.tsx';
import { seedContacts } from '../helpers/scenario.ts';
import { useSendWorker } from '../helpers/worker.ts';
import { expectAccessible, signIn, useBrowser } from './browser.ts';

const t = useBrowser();
useSendWorker(t);

async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL((u) => u.pathname.startsWith('/login'));
}

const nav = (page: Page, name: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true });

describe('composing, approving and sending an update in the browser', () => {
  it('officer A composes, officer B approves and sends, everyone receives it in the outbox', async () => {
    const a = await t.userWithToken('officer');
    const b = await t.userWithToken('officer');
    await seedContacts(t.deps.db, 20, 'e2e');
    // One customer bounced before: left out, with the reason on record.
    await t.deps.db.insertInto('suppressions').values({ email_lower: 'e2e7@example.org', reason: 'bounced', source: 'test' }).execute();
    await createContactPoint(t.deps.db, CLI_ACTOR, { name: 'Ingrid Dahl', role: 'Head of member relations', email: 'ingrid@bokklubben.example.org', phone: '+47 22 12 34 56' });
    await createSegment(t.deps.db, CLI_ACTOR, { name: 'All members', rule: { all: [{ attribute: 'email', op: 'exists' }] } });

    // --- Officer A opens a situation -------------------------------------------------
    const page = await t.newPage();
    // The strict CSP of the pages and the frame CSP of the previews must never refuse anything we render.
    const refused: string[] = [];
    page.on('console', (m) => {
      // (The sign-in page is not part of this flow's pages.)
      if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text()) && !new URL(page.url()).pathname.startsWith('/login')) refused.push(`${page.url()}: ${m.text()}`);
    });
    const shot = async (name: string) => {
      if (!process.env['SCREENSHOTS']) return;
      if (await page.locator('iframe').count()) await page.locator('iframe').first().scrollIntoViewIfNeeded();
      await page.screenshot({ path: `${process.env['SCREENSHOTS']}/${name}.png`, fullPage: true });
    };
    await signIn(page, a.email, a.password);
    await nav(page, 'Situations').click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Situations');
    await expectAccessible(page);
    await page.getByLabel('Title', { exact: true }).fill('Bokklubben in restructuring');
    await page.getByLabel('Summary (optional)').fill('The club has entered restructuring proceedings.');
    await page.getByRole('button', { name: 'Open situation' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Bokklubben in restructuring');
    await expectAccessible(page);

    // --- ...and composes its first update ------------------------------------------------
    await page.getByRole('button', { name: 'New update', exact: true }).click();
    await page.waitForURL(/\/updates\/\d+/);
    const updateUrl = new URL(page.url()).pathname;
    const checklist = page.locator('#checklist');
    await expect.poll(() => checklist.locator('li').count()).toBe(5);
    await expectAccessible(page);

    await page.getByRole('group', { name: 'Who receives it' }).getByLabel('All members').check();
    await page.getByLabel('Contact person').selectOption({ label: 'Ingrid Dahl, Head of member relations' });
    await page.getByRole('group', { name: 'Kind of acknowledgement' }).getByLabel('An apology').check();
    await page.getByLabel('Acknowledgement text').fill('We are sorry for the uncertainty this causes you.');
    const promised = new Date(Date.now() + 10 * 86_400_000);
    await page.getByLabel('Next update by').fill(instantToZoned(promised, 'Europe/Oslo'));
    const en = page.getByRole('group', { name: 'English (en)' });
    await en.getByLabel('Subject').fill('Your membership during the restructuring');
    await en.getByLabel('Body (Markdown)').fill('Your membership **continues**. Orders placed before 1 March will be delivered.');
    // Languages without a version yet are folded away; open Norwegian.
    await page.locator('#f-locale-nb > summary').click();
    const nb = page.getByRole('group', { name: 'Norwegian Bokmål (nb)' });
    await nb.getByLabel('Subject').fill('Medlemskapet ditt under rekonstruksjonen');
    await nb.getByLabel('Body (Markdown)').fill('Medlemskapet ditt **fortsetter**. Bestillinger før 1. mars blir levert.');
    await nb.getByLabel('Acknowledgement in Norwegian Bokmål').fill('Vi beklager usikkerheten dette skaper for deg.');
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.waitForURL(/done=saved/);

    await expect.poll(() => checklist.textContent()).toContain('Nothing is missing: this update is ready for approval.');
    expect(await checklist.locator(':scope > ul > li').count()).toBe(0);
    // Not a bar to approval: the situation and the contact person have no Norwegian title or role yet.
    expect(await checklist.locator('#language-warnings li').allTextContents()).toEqual([
      expect.stringContaining('Customers reading Norwegian Bokmål will see the situation title in English (the default language)'),
      expect.stringContaining('Customers reading Norwegian Bokmål will see the contact person’s role in English (the default language)'),
    ]);
    expect(await page.locator('#audience').textContent()).toContain('19 customers will receive this; 1 excluded (suppressed 1, unsubscribed 0)');

    // The live preview in Norwegian: switching tabs fetches it without leaving the page.
    await page.getByRole('navigation', { name: 'Preview language' }).getByRole('link', { name: 'Norwegian Bokmål' }).click();
    await expect.poll(() => page.locator('#preview-text').textContent()).toContain('Medlemskapet ditt fortsetter');
    const frame = page.frameLocator('#preview-frame');
    await expect.poll(() => frame.locator('body').textContent()).toContain('Bestillinger før 1. mars blir levert.');
    expect(await frame.locator('body').textContent()).toContain('Vi skriver til deg igjen innen');
    expect(await page.locator('#preview-subject').textContent()).toContain('Medlemskapet ditt under rekonstruksjonen');
    await expectAccessible(page);
    await shot('composer');

    // A test to herself first.
    await page.getByLabel('Language of the test').selectOption('nb');
    await page.getByRole('button', { name: 'Send a test to me' }).click();
    await expect.poll(() => page.locator('.flash').textContent()).toBe(`Test sent to ${a.email} (Norwegian Bokmål).`);

    await page.getByRole('button', { name: 'Submit for approval' }).click();
    await expect.poll(() => page.locator('.flash').textContent()).toContain('Submitted for approval');
    // The author cannot approve: the button says why.
    const approveA = page.locator('#actions').getByRole('button', { name: 'Approve' });
    expect(await approveA.isDisabled()).toBe(true);
    expect(await page.locator('#approve-why').textContent()).toContain('a colleague must approve it');
    await signOut(page);

    // --- Officer B approves and sends -----------------------------------------------------
    await signIn(page, b.email, b.password);
    await page.goto(updateUrl);
    // The approver reviews rather than edits: every language, the audience, then approves.
    await page.getByRole('link', { name: 'Review and approve' }).click();
    await page.waitForURL(/\/review$/);
    expect(await page.locator('#review-audience').isVisible()).toBe(true);
    expect(await page.locator('article[lang="nb"] h3').textContent()).toContain('Norwegian');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Approve' }).click();
    await expect.poll(() => page.locator('.flash').textContent()).toContain('Approved');
    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: 'Send now' }).click();
    await page.waitForURL(/done=sent/);

    // Progress updates without a reload, until every recipient is handled.
    const summary = page.locator('#progress-summary');
    await expect.poll(() => summary.textContent(), { timeout: 30_000 }).toBe('Sent to 19 customers; 1 excluded; 0 not delivered.');
    expect(new URL(page.url()).searchParams.get('done')).toBe('sent'); // same page, never reloaded
    expect(await page.locator('[data-count="sent"]').textContent()).toBe('19');
    expect(await page.locator('[data-count="handed_over"]').textContent()).toBe('19');
    expect(await page.locator('[data-count="excluded"]').textContent()).toBe('1');
    expect(await page.locator('[data-count="queued"]').textContent()).toBe('0');
    expect(await page.locator('#update-status').textContent()).toBe('Sent');
    expect(await page.locator('#update-heading').textContent()).toBe('Update 1');
    await expect.poll(() => page.locator('#excluded-recipients').textContent()).toContain('e2e7@example.org');
    expect(await page.locator('#excluded-recipients').textContent()).toContain('suppressed (bounced)');
    expect(await page.locator('#no-failures').textContent()).toContain('0 not delivered');
    // What was sent, as the customers received it.
    await expect.poll(() => page.frameLocator('#preview-frame').locator('body').textContent()).toContain('Your membership continues.');
    await expectAccessible(page);
    await shot('progress');

    const deliveries = await t.deps.db.selectFrom('deliveries').select(['status']).execute();
    expect(deliveries.filter((d) => d.status === 'sent')).toHaveLength(19);

    // The situation's timeline shows it as Update 1.
    await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'Bokklubben in restructuring' }).click();
    await expect.poll(() => page.locator('.timeline').textContent()).toContain('Update 1: Your membership during the restructuring');
    expect(await page.locator('.timeline').textContent()).toContain('19 sent');
    await expectAccessible(page);
    await shot('timeline');

    // --- The outbox has what each customer received ----------------------------------------
    await nav(page, 'Outbox').click();
    await expect.poll(() => page.locator('#outbox-note').textContent()).toContain('nothing leaves this machine');
    expect(await page.locator('#outbox tbody tr').count()).toBe(20); // 19 customers and A's test
    expect(await page.getByRole('row').filter({ hasText: a.email }).getByText('test', { exact: true }).count()).toBe(1);
    await expectAccessible(page);
    await shot('outbox');

    await page.getByRole('row').filter({ hasText: 'e2e5@example.org' }).getByRole('link').click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toContain('Your membership during the restructuring');
    const headers = page.locator('dl.headers');
    expect(await headers.textContent()).toContain('e2e5@example.org');
    expect(await headers.textContent()).toContain('Ingrid Dahl');
    expect(await headers.textContent()).toContain('List-Unsubscribe');
    const email = page.frameLocator('#message-frame');
    await expect.poll(() => email.locator('body').textContent()).toContain('Your membership continues.');
    const text = (await email.locator('body').textContent()) ?? '';
    expect(text).toContain('Ingrid Dahl');
    expect(text).toContain('+47 22 12 34 56');
    expect(text).toContain('We are sorry for the uncertainty this causes you.');
    expect(text).toContain('We will write to you again by');
    expect(text).toContain('Customer 5');
    expect(await page.locator('#message-text').textContent()).toContain('We will write to you again by');
    await expectAccessible(page);
    await shot('message');
    expect(refused).toEqual([]);
  });
});
