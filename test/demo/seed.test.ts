import { describe, expect, it } from 'vitest';
import { checkPassword } from '../../src/auth/users.ts';
import { DEMO_PASSWORD, loadDemo } from '../../src/demo/seed.ts';
import { previewSegment } from '../../src/segments/queries.ts';
import { useTestApp } from '../helpers/app.ts';

const t = useTestApp();

describe('the demo', () => {
  it('loads a book club in restructuring once: customers in five languages, two contact points, segments with exclusions, a user per role', async () => {
    const summary = await loadDemo(t.deps.db, { contacts: 600 });
    expect(summary).toMatch(/600 customers/);
    const byLocale = await t.deps.db.selectFrom('contacts').select(['locale', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('locale').execute();
    expect(byLocale.map((r) => r.locale).sort()).toEqual(['en', 'hu', 'nb', 'nl', 'sv']);
    const sample = await t.deps.db.selectFrom('contacts').select('attributes').limit(1).executeTakeFirstOrThrow();
    expect(Object.keys(sample.attributes as object)).toEqual(expect.arrayContaining(['refund_claim', 'voucher_balance', 'magazine_subscriber']));
    expect(await t.deps.db.selectFrom('contact_points').selectAll().execute()).toHaveLength(2);

    const segments = await t.deps.db.selectFrom('segments').selectAll().execute();
    expect(segments).toHaveLength(3);
    const everyone = await previewSegment(t.deps.db, segments.find((s) => s.name === 'All members')!);
    expect(everyone.excluded.suppressed).toBeGreaterThan(0);
    expect(everyone.excluded.unsubscribed).toBeGreaterThan(0);
    expect(everyone.eligible + everyone.excluded.suppressed + everyone.excluded.unsubscribed).toBe(600);

    for (const role of ['admin', 'officer', 'responder', 'auditor']) {
      expect(await checkPassword(t.deps.db, `${role}@demo.tidings.localhost`, DEMO_PASSWORD), role).toBeDefined();
    }
    expect(await loadDemo(t.deps.db, { contacts: 600 })).toMatch(/already loaded/);
    expect(await t.deps.db.selectFrom('contacts').selectAll().execute()).toHaveLength(600);
  });
});
