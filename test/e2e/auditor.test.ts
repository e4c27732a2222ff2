import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { CLI_ACTOR } from '../../src/audit/log.ts';
import { evaluatePromises } from '../../src/promises/evaluate.ts';
import { createSegment } from '../../src/segments/queries.ts';
import { OutboxTransport } from '../../src/sending/transport.ts';
import { baseScenario, seedContacts } from '../helpers/scenario.ts';
import { buildUpdate } from '../helpers/updates.ts';
import { expectAccessible, signIn, useBrowser } from './browser.ts';

const t = useBrowser();

describe('the auditor, in the browser', () => {
  it('finds one customer’s record, exports it, runs the integrity check and cannot send', async () => {
    await seedContacts(t.deps.db, 8, 'aud');
    const s = await baseScenario(t.deps.db);
    const segment = (await createSegment(t.deps.db, CLI_ACTOR, { name: 'aud', rule: { all: [{ attribute: 'email', op: 'contains', value: 'aud' }] } })).segment;
    const { updateId: first } = await buildUpdate(t, { situationId: s.situation.id, segmentIds: [segment.id], contactPointId: s.cp.id, subject: 'Orders before March are safe' });
    const { updateId: second } = await buildUpdate(t, { situationId: s.situation.id, segmentIds: [segment.id], contactPointId: s.cp.id, subject: 'Refunds start in April' });
    await sql`UPDATE deliveries SET status = 'delivered' WHERE update_id IN (${first}, ${second})`.execute(t.deps.db);
    await evaluatePromises({ db: t.deps.db, transport: new OutboxTransport(t.deps.db), config: t.deps.config }, new Date());
    const auditor = await t.userWithToken('auditor');

    const page = await t.newPage();
    await signIn(page, auditor.email, auditor.password);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Send history' }).click();
    await page.getByLabel('Customer email').fill('AUD3@example.org');
    await page.getByRole('button', { name: 'Filter' }).click();
    const rows = page.getByRole('table').getByRole('row');
    expect(await rows.count()).toBe(3); // header + both updates
    expect(await page.getByRole('table').textContent()).toMatch(/Update 2: Refunds start in April.*Update 1: Orders before March are safe/s);
    await expectAccessible(page);

    // The export of exactly this view.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Export this view as CSV' }).click()]);
    const text = readFileSync((await download.path())!, 'utf8');
    expect(text.split('\n')[0]).toContain('email aud3@example.org');
    const records = parse(text, { comment: '#', columns: true }) as Record<string, string>[];
    expect(records.map((r) => [r['email'], r['update_id'], r['status']])).toEqual([
      ['aud3@example.org', String(second), 'delivered'],
      ['aud3@example.org', String(first), 'delivered'],
    ]);

    // The record of what the customer was sent in update 1.
    await page.getByRole('link', { name: 'aud3@example.org' }).last().click();
    const record = page.getByRole('region', { name: 'aud3@example.org' });
    expect(await record.textContent()).toContain('Update 1: Orders before March are safe');
    expect(await record.textContent()).toContain('Ingrid Dahl, Head of member relations');
    const hash = (await t.deps.db.selectFrom('deliveries').select('body_hash').where('update_id', '=', first).where('email', '=', 'aud3@example.org').executeTakeFirstOrThrow()).body_hash!;
    expect(await record.textContent()).toContain(hash);
    await expectAccessible(page);

    // Integrity check of the whole record.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit log' }).click();
    await page.getByRole('button', { name: 'Check integrity' }).click();
    const entries = Number((await t.deps.db.selectFrom('audit_log').select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow()).n);
    await expect.poll(() => page.locator('#verify-result').textContent()).toMatch(new RegExp(`Intact: ${entries} entries`));
    await expectAccessible(page);

    // The promise record, also read-only.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Promises' }).click();
    expect(await page.locator('#promises-summary').textContent()).toMatch(/2 promises: 1 kept, 0 broken, 1 open\./);
    await expectAccessible(page);

    // Read-only: the update page offers no send or approve button to an auditor.
    await page.goto(`/updates/${second}`);
    expect(await page.getByRole('button', { name: /Send|Approve/ }).count()).toBe(0);
  });
});
