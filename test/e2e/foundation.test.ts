import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectAccessible, signIn, useBrowser } from './browser.ts';

const t = useBrowser();

describe('the foundation, as an officer uses it', () => {
  it('signs in, imports a CSV with one bad row, sees that row rejected and the rest listed, builds a segment and sees its count', async () => {
    const officer = await t.userWithToken('officer');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tidings-e2e-'));
    const csv = path.join(dir, 'members.csv');
    writeFileSync(
      csv,
      [
        'email,name,locale,timezone,refund_claim,magazine_subscriber',
        'ingrid@example.org,Ingrid Berg,nb,Europe/Oslo,250,true',
        'astrid@example.org,Astrid Holm,sv,Europe/Stockholm,0,true',
        'not-an-address,Broken Row,en,Europe/London,10,false',
        'sanne@example.org,Sanne de Vries,nl,Europe/Amsterdam,120,false',
        'zsofia@example.org,Zsófia Nagy,hu,Europe/Budapest,75,true',
      ].join('\n') + '\n',
    );

    const page = await t.newPage();
    await signIn(page, officer.email, officer.password);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Contacts' }).click();
    await page.getByLabel('CSV file (UTF-8)').setInputFiles(csv);
    await page.getByRole('button', { name: 'Import' }).click();

    const result = page.locator('#import-result');
    await expect.poll(() => result.textContent(), { timeout: 15_000 }).toMatch(/4 created/);
    const rejected = result.getByRole('table', { name: /Rows not imported/ });
    expect(await rejected.getByRole('row').count()).toBe(2); // header + the bad row
    expect(await rejected.textContent()).toMatch(/4.*not-an-address.*email/s);
    for (const name of ['Ingrid Berg', 'Astrid Holm', 'Sanne de Vries', 'Zsófia Nagy']) {
      await page.goto('/contacts');
      expect(await page.getByRole('cell', { name }).count(), name).toBe(1);
    }
    expect(await page.getByRole('cell', { name: 'Broken Row' }).count()).toBe(0);
    await expectAccessible(page);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Segments' }).click();
    await page.getByRole('link', { name: /New segment/i }).first().click();
    await page.getByLabel('Name', { exact: true }).fill('Refund claims over 100');
    await page.getByLabel('Attribute').first().fill('refund_claim');
    await page.getByLabel('Operator').first().selectOption('gt');
    await page.getByLabel('Value').first().fill('100');
    await page.getByRole('button', { name: 'Preview' }).last().click();
    await expect.poll(() => page.locator('#segment-live').textContent()).toMatch(/2 customers will receive this/);
    await page.getByRole('button', { name: 'Save segment' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toMatch(/Refund claims over 100/);
    await expect.poll(() => page.locator('#segment-live').textContent()).toMatch(/2 customers will receive this/);
    await expectAccessible(page);
  });
});
