import { describe, expect, it } from 'vitest';
import { CLI_ACTOR } from '../../../src/audit/log.ts';
import { createSegment } from '../../../src/segments/queries.ts';
import { createDraft } from '../../../src/updates/compose.ts';
import { submitForApproval } from '../../../src/updates/workflow.ts';
import { baseScenario, completeUpdate, seedContacts } from '../../helpers/scenario.ts';
import { pageSessionIn } from '../../helpers/session.ts';
import { useSendWorker } from '../../helpers/worker.ts';
import { useBrowser } from '../browser.ts';
import { startJourney } from '../journey.ts';
import { signInAs } from './sign-in.ts';

const t = useBrowser();
useSendWorker(t);

describe.each(['en', 'nb'] as const)('the approver’s journey, in %s', (lang) => {
  it('reviews a colleague’s update in every language, approves it, is told how many it reaches, sends it and watches it go out', async () => {
    await seedContacts(t.deps.db, 6, `appr-${lang}-`);
    const { situation, cp } = await baseScenario(t.deps.db, lang === 'nb' ? 'Bokklubben under rekonstruksjon' : 'Bokklubben in restructuring');
    const { segment } = await createSegment(t.deps.db, CLI_ACTOR, { name: `Approver ${lang}`, rule: { all: [{ attribute: 'email', op: 'contains', value: `appr-${lang}-` }] } });
    const draft = await createDraft(t.deps.db, CLI_ACTOR, situation.id, completeUpdate(segment.id, cp.id));
    await submitForApproval(t.deps.db, CLI_ACTOR, draft.id);

    const { user: approver } = await pageSessionIn(t, 'officer', lang);
    const j = await startJourney(t, 'approver', lang);
    const { page, T } = j;
    await signInAs(j, approver.email, approver.password);
    await j.step('dashboard');

    await page.goto(`/updates/${draft.id}`);
    await j.step('pending-update');
    await page.getByRole('link', { name: T('updates.reviewAndApprove') }).click();
    await page.waitForURL(/\/review$/);
    expect(await page.locator('article[lang="en"]').count()).toBe(1);
    expect(await page.locator('article[lang="nb"]').count()).toBe(1);
    await j.step('review');
    await page.getByRole('button', { name: T('updates.approve'), exact: true }).click();
    await expect.poll(() => page.locator('.flash').textContent()).toContain(T('updates.flashApproved'));
    await j.step('approved');

    // The confirmation names how many it reaches, in the reader's language.
    let asked = '';
    page.once('dialog', (d) => {
      asked = d.message();
      void d.accept();
    });
    await page.getByRole('button', { name: T('updates.sendNow') }).click();
    await page.waitForURL(/done=sent/);
    expect(asked).toContain(T('updates.sendNowConfirmCount', { count: 6 }));
    const summary = page.locator('#progress-summary');
    await expect.poll(() => summary.textContent(), { timeout: 30_000 }).toContain(T('updateProgress.summarySent', { count: 6, excluded: 0, notDelivered: '' }).split(';')[0]!);
    await j.step('sent');
    await page.context().close();
  });
});
