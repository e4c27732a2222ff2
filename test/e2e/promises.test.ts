import { describe, expect, it } from 'vitest';
import { evaluatePromises } from '../../src/promises/evaluate.ts';
import { OutboxTransport } from '../../src/sending/transport.ts';
import { seedContacts } from '../helpers/scenario.ts';
import { buildUpdate } from '../helpers/updates.ts';
import { expectAccessible, signIn, useBrowser } from './browser.ts';

const t = useBrowser();
const HOUR = 3_600_000;

describe('promises, as an officer sees them', () => {
  it('the dashboard shows the overdue promise first with its label, the others with time left, and passes axe; the reminder setting is on the settings page', async () => {
    await seedContacts(t.deps.db, 3, 'e2eprom');
    await buildUpdate(t, { title: 'Office closure', subject: 'Office closure', promised: { due: new Date(Date.now() + 100 * HOUR) } });
    await buildUpdate(t, { title: 'Warehouse move', subject: 'Warehouse move', promised: { due: new Date(Date.now() + 20 * HOUR + 30 * 60_000) } });
    await buildUpdate(t, { title: 'Price change', subject: 'Price change', promised: { due: new Date(Date.now() + 50 * HOUR) } });
    await buildUpdate(t, { title: 'Payroll delay', subject: 'Payroll delay', promised: { due: new Date(Date.now() - (5 * HOUR + 10 * 60_000)) } });
    const admin = await t.userWithToken('admin');
    await evaluatePromises({ db: t.deps.db, transport: new OutboxTransport(t.deps.db), config: t.deps.config });

    const page = await t.newPage();
    await signIn(page, admin.email, admin.password);
    await page.goto('/');
    const table = page.locator('#promises-table');
    const rows = table.locator('tbody tr');
    expect(await rows.count()).toBe(4);
    expect(await rows.first().textContent()).toMatch(/Overdue by 5 h.*Payroll delay.*0 of 3 reached.*Overdue reminder sent .* to 1 officer/s);
    expect(await rows.nth(1).textContent()).toMatch(/Due soon: 20 h left.*Warehouse move.*Reminder sent/s);
    expect(await rows.nth(2).textContent()).toMatch(/2 d 1 h left.*Price change/s);
    expect(await rows.nth(3).textContent()).toMatch(/4 d 3 h left.*Office closure/s);
    await expectAccessible(page);

    await page.goto('/settings');
    const hours = page.getByLabel('Remind officers before a promised update (hours)');
    expect(await hours.inputValue()).toBe('24');
    await hours.fill('60');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect.poll(() => page.locator('.flash').textContent()).toMatch(/Settings saved/);
    await expectAccessible(page);
    await page.goto('/');
    expect(await page.locator('#promises-table tbody tr').nth(2).locator('.due').textContent()).toBe('Due soon: 2 d 1 h left');
  });
});
