import { describe, expect, it } from 'vitest';
import { CLI_ACTOR } from '../../src/audit/log.ts';
import { updateContactPoint } from '../../src/contact-points/queries.ts';
import { useFakeResend } from '../helpers/fake-resend.ts';
import { baseScenario, seedContacts } from '../helpers/scenario.ts';
import { buildUpdate } from '../helpers/updates.ts';
import { statusToken } from '../portal/helpers.ts';
import { expectAccessible, signIn, useBrowser } from './browser.ts';

const t = useBrowser();
// Answers leave through Resend (the fake); the update itself went through the outbox.
const fake = useFakeResend({ app: t });

describe('a customer question reaches a person and is answered', () => {
  it('the customer asks on their status page, the responder answers in the inbox, and the answer leaves threaded under the question', async () => {
    await seedContacts(t.deps.db, 5, 'asker');
    const { situation, cp, segment } = await baseScenario(t.deps.db);
    const responder = await t.userWithToken('responder');
    await updateContactPoint(t.deps.db, CLI_ACTOR, cp.id, { name: cp.name, role: cp.role, email: cp.email, phone: cp.phone, userId: responder.id });
    const { updateId } = await buildUpdate(t, { situationId: situation.id, segmentIds: [segment.id], contactPointId: cp.id, subject: 'Medlemskapet ditt' });
    const { token } = await statusToken(t, updateId, 'asker1@example.org');

    const customer = await t.newPage();
    await customer.goto(`/c/${token}`);
    expect(await customer.locator('html').getAttribute('lang')).toBe('nb');
    await expectAccessible(customer);
    await customer.getByLabel('Spørsmålet ditt').fill('Får jeg pengene tilbake for bøkene jeg har betalt for?');
    await customer.getByRole('button', { name: 'Send spørsmålet' }).click();
    await expect.poll(() => customer.locator('body').textContent()).toContain('Ingrid Dahl');
    await expectAccessible(customer);

    const page = await t.newPage();
    await signIn(page, responder.email, responder.password);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Inbox' }).click();
    await expectAccessible(page);
    await page.locator('a[href^="/inbox/"]').first().click();
    await expect.poll(() => page.locator('body').textContent()).toContain('Får jeg pengene tilbake');
    await page.getByLabel('Your answer').fill('Ja, refusjonskravet ditt er registrert. Vi betaler tilbake innen 30 dager.');
    await page.getByRole('button', { name: 'Send answer' }).click();
    await expect.poll(() => fake.accepted.length, { timeout: 10_000 }).toBe(1);
    await expectAccessible(page);

    const sent = fake.accepted[0]!;
    expect(sent.to).toEqual(['asker1@example.org']);
    expect(sent.from).toMatch(/^"?Ingrid Dahl"? </);
    expect(sent.subject).toMatch(/^Re: /);
    const headers = Object.fromEntries(Object.entries(sent.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
    expect(headers['in-reply-to']).toMatch(/^<conversation-\d+@tidings>$/);
    expect(headers['references']).toContain(headers['in-reply-to']);
    const conversation = await t.deps.db.selectFrom('conversations').select(['status', 'contact_point_id']).executeTakeFirstOrThrow();
    expect(conversation).toEqual({ status: 'answered', contact_point_id: cp.id });
    const actions = (await t.deps.db.selectFrom('audit_log').select('action').where('action', 'like', 'conversation.%').orderBy('id').execute()).map((r) => r.action);
    expect(actions).toEqual(['conversation.customer_message', 'conversation.answer']);
  });
});
