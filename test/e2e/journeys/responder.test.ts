import { describe, expect, it } from 'vitest';
import { CLI_ACTOR } from '../../../src/audit/log.ts';
import { changeUser } from '../../../src/auth/users.ts';
import type { TestUser } from '../../helpers/app.ts';
import { useFakeResend } from '../../helpers/fake-resend.ts';
import { pageSessionIn } from '../../helpers/session.ts';
import { useBrowser } from '../browser.ts';
import { startJourney } from '../journey.ts';
import { signInAs } from './sign-in.ts';
import { journeyWorld, type JourneyWorld } from './world.ts';

const t = useBrowser();
// Answers leave through Resend (the fake on loopback).
const fake = useFakeResend({ app: t });

let responder: TestUser | undefined;
async function responderIn(lang: 'en' | 'nb') {
  responder ??= (await pageSessionIn(t, 'responder', lang)).user;
  await changeUser(t.deps.db, CLI_ACTOR, { id: responder.id }, { locale: lang });
  return responder;
}

describe.each(['en', 'nb'] as const)('the responder’s journey, in %s', (lang) => {
  it('finds the customers waiting in the inbox, reads a question and answers it in the contact person’s name', async () => {
    // One responder is the contact person of every question; they read tidings in this journey's language.
    const responder = await responderIn(lang);
    const world: JourneyWorld = await journeyWorld(t, responder.id);
    const customer = world.customers[lang];
    const j = await startJourney(t, 'responder', lang);
    const { page, T } = j;
    await signInAs(j, responder.email, responder.password);
    await j.step('dashboard');

    await j.nav('layout.navInbox').click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(T('conversations.inboxTitle'));
    expect(await page.locator('body').textContent()).toContain(T('conversations.inboxIntroResponder'));
    await j.step('inbox');

    await page.getByRole('row').filter({ hasText: customer.email }).getByRole('link').first().click();
    await expect.poll(() => page.locator('body').textContent()).toContain(lang === 'nb' ? 'Får jeg pengene tilbake' : 'Will I get my money back');
    expect(await page.locator('body').textContent()).toContain(T('conversations.stateOpenFor', { age: '' }).trim());
    await j.step('thread');

    const before = fake.accepted.length;
    await page.getByLabel(T('conversations.yourAnswer'), { exact: true }).fill('Ja, refusjonskravet ditt er registrert. Vi betaler tilbake innen 30 dager.');
    await page.getByRole('button', { name: T('conversations.sendAnswer') }).click();
    await expect.poll(() => page.locator('.flash').textContent()).toBe(T('conversations.flashAnswered'));
    await j.step('answered');
    // The answer reaches the customer in the customer’s own language, whatever the responder reads.
    await expect.poll(() => fake.accepted.length).toBe(before + 1);
    const sent = fake.accepted.at(-1)!;
    expect(sent.to).toEqual([customer.email]);
    expect(sent.subject).toBe(lang === 'nb' ? 'Re: Spørsmål fra statussiden' : 'Re: Question from the status page');

    await page.goto('/account');
    expect(await page.getByRole('combobox', { name: T('account.languageLabel'), exact: true }).inputValue()).toBe(lang);
    await j.step('account');
    await page.context().close();
  });
});
