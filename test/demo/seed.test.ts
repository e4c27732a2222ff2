import { describe, expect, it } from 'vitest';
import { checkPassword } from '../../src/auth/users.ts';
import { DEMO_PASSWORD, loadDemo } from '../../src/demo/seed.ts';
import { previewSegment } from '../../src/segments/queries.ts';
import { verifyAuditChain } from '../../src/audit/log.ts';
import { useTestApp } from '../helpers/app.ts';
import { createTestDatabase } from '../helpers/db.ts';

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

  it('with the configuration, tells the situation so far: sent updates, a kept and an open promise with its reminder, a draft awaiting approval, questions', async () => {
    const fresh = await createTestDatabase();
    try {
      const db = fresh.db;
      const summary = await loadDemo(db, { contacts: 300, config: t.deps.config });
      expect(summary).toMatch(/2 sent updates/);
      const updates = await db.selectFrom('updates').select(['id', 'number', 'status', 'quiet_hours']).orderBy('id').execute();
      expect(updates.map((u) => [u.number, u.status])).toEqual([
        [1, 'sent'],
        [2, 'sent'],
        [null, 'pending_approval'],
      ]);
      const promises = await db.selectFrom('promises').select(['update_id', 'state', 'reached', 'recipients']).orderBy('update_id').execute();
      expect(promises.map((p) => p.state)).toEqual(['kept', 'open']);
      expect(promises[0]!.reached).toBe(promises[0]!.recipients);
      const reminders = await db.selectFrom('promise_reminders').select(['kind', 'sent_at']).execute();
      expect(reminders).toEqual([{ kind: 'due_soon', sent_at: expect.any(Date) }]);
      const states = await db.selectFrom('deliveries').select(['status', (eb) => eb.fn.countAll<string>().as('n')]).groupBy('status').execute();
      expect(states.map((r) => r.status).sort()).toEqual(expect.arrayContaining(['bounced', 'delivered', 'excluded']));
      const excludedButSent = await db.selectFrom('deliveries').select('id').where('status', '=', 'excluded').where('sent_at', 'is not', null).execute();
      expect(excludedButSent).toEqual([]);
      const conversations = await db.selectFrom('conversations').select('status').orderBy('id').execute();
      expect(conversations.map((c) => c.status)).toEqual(['answered', 'open', 'open']);
      expect(await db.selectFrom('follow_up_flags').select('id').execute()).toHaveLength(1);
      expect((await verifyAuditChain(db)).intact).toBe(true);
    } finally {
      await fresh.drop();
    }
  });
});
