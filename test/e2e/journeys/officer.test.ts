import { describe, expect, it } from 'vitest';
import { CLI_ACTOR } from '../../../src/audit/log.ts';
import { createContactPoint } from '../../../src/contact-points/queries.ts';
import { createSegment } from '../../../src/segments/queries.ts';
import { instantToZoned } from '../../../src/updates/composer.tsx';
import { languageNameIn } from '../../../src/updates/language-names.ts';
import { translator } from '../../../i18n/translate.ts';
import { seedContacts } from '../../helpers/scenario.ts';
import { pageSessionIn } from '../../helpers/session.ts';
import { useBrowser } from '../browser.ts';
import { startJourney } from '../journey.ts';
import { signInAs } from './sign-in.ts';

const t = useBrowser();

describe.each(['en', 'nb'] as const)('the officer’s journey, in %s', (lang) => {
  it('opens a situation, composes its first update in two languages with the live preview, and submits it for a colleague to approve', async () => {
    await seedContacts(t.deps.db, 12, `off-${lang}-`);
    const segment = `Members (${lang})`;
    await createSegment(t.deps.db, CLI_ACTOR, { name: segment, rule: { all: [{ attribute: 'email', op: 'contains', value: `off-${lang}-` }] } });
    const person = `Ingrid Dahl ${lang}`;
    await createContactPoint(t.deps.db, CLI_ACTOR, { name: person, role: 'Head of member relations', email: `ingrid-${lang}@bokklubben.example.org`, phone: '+47 22 12 34 56' });
    const { user: officer } = await pageSessionIn(t, 'officer', lang);
    const j = await startJourney(t, 'officer', lang);
    const { page, T } = j;
    const name = (l: 'en' | 'nb') => languageNameIn(translator(lang), l);
    const label = (l: 'en' | 'nb') => name(l).charAt(0).toLocaleUpperCase() + name(l).slice(1);

    await signInAs(j, officer.email, officer.password);
    await j.step('dashboard');

    await j.nav('layout.navSituations').click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(T('situations.title'));
    await j.step('situations');
    const title = lang === 'nb' ? 'Bokklubben under rekonstruksjon' : 'Bokklubben in restructuring';
    await page.getByLabel(T('situations.titleLabel'), { exact: true }).fill(title);
    await page.getByLabel(T('situations.summaryLabel'), { exact: true }).fill('The club has entered restructuring proceedings.');
    await page.getByRole('button', { name: T('situations.openButton') }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(title);
    await j.step('situation');

    await page.getByRole('button', { name: T('situations.newUpdate'), exact: true }).click();
    await page.waitForURL(/\/updates\/\d+/);
    await j.step('composer-empty');

    await page.getByRole('group', { name: T('composer.segmentsLegend') }).getByLabel(segment).check();
    await page.getByLabel(T('composer.contactPersonLabel'), { exact: true }).selectOption({ label: `${person}, Head of member relations` });
    await page.getByRole('group', { name: T('composer.ackKindLegend') }).getByLabel(T('composer.ackKindApology')).check();
    await page.getByLabel(T('composer.ackTextLabel'), { exact: true }).fill('We are sorry for the uncertainty this causes you.');
    await page.getByLabel(T('composer.nextAtLabel'), { exact: true }).fill(instantToZoned(new Date(Date.now() + 10 * 86_400_000), 'Europe/Oslo'));
    await page.getByRole('group', { name: T('composer.quietLegend') }).getByLabel(T('composer.quietOff')).check();
    const en = page.getByRole('group', { name: T('composer.languageWithCode', { language: label('en'), code: 'en' }) });
    await en.getByLabel(T('composer.subjectLabel'), { exact: true }).fill('Your membership during the restructuring');
    await en.getByLabel(T('composer.bodyLabel'), { exact: true }).fill('Your membership **continues**.\n\n- Orders placed before 1 March will be delivered.\n- Refund claims are paid in order.');
    await page.locator('#f-locale-nb > summary').click();
    const nb = page.getByRole('group', { name: T('composer.languageWithCode', { language: label('nb'), code: 'nb' }) });
    await nb.getByLabel(T('composer.subjectLabel'), { exact: true }).fill('Medlemskapet ditt under rekonstruksjonen');
    await nb.getByLabel(T('composer.bodyLabel'), { exact: true }).fill('Medlemskapet ditt **fortsetter**.\n\n- Bestillinger før 1. mars blir levert.\n- Refusjonskrav betales i rekkefølge.');
    await nb.getByLabel(T('composer.ackInLabel', { language: name('nb') }), { exact: true }).fill('Vi beklager usikkerheten dette skaper for deg.');
    await page.getByRole('button', { name: T('composer.saveDraft') }).click();
    await page.waitForURL(/done=saved/);
    await expect.poll(() => page.locator('#checklist').textContent()).toContain(T('composer.readyDraft'));
    await j.step('composer-ready');

    // The Norwegian preview, rendered by the server as customers will receive it.
    await page.getByRole('navigation', { name: T('updates.previewLanguages') }).getByRole('link', { name: label('nb') }).click();
    const frame = page.frameLocator('#preview-frame');
    await expect.poll(() => frame.locator('body').textContent()).toContain('Bestillinger før 1. mars blir levert.');
    expect(await frame.locator('body').textContent()).toContain('Vi beklager usikkerheten dette skaper for deg.');
    await j.step('composer-preview-nb');

    await page.getByRole('button', { name: T('updates.submitForApproval') }).click();
    await expect.poll(() => page.locator('.flash').textContent()).toContain(T('updates.flashSubmitted'));
    // Four eyes: the author cannot approve; the page says why.
    expect(await page.locator('#actions').getByRole('button', { name: T('updates.approve'), exact: true }).isDisabled()).toBe(true);
    expect((await page.locator('#approve-why').textContent())?.trim()).not.toBe('');
    await j.step('submitted');
    await page.context().close();
  });
});
