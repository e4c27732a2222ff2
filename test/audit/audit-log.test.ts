import { sql } from 'kysely';
import pg from 'pg';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { CLI_ACTOR, recordAudit } from '../../src/audit/log.ts';
import { verifyAuditChain } from '../../src/audit/verify.ts';
import { createContactPoint } from '../../src/contact-points/queries.ts';
import { useTestApp } from '../helpers/app.ts';
import { pageSession } from '../helpers/session.ts';

const t = useTestApp();

async function addEntries(n: number) {
  for (let i = 0; i < n; i++) {
    await t.deps.db.transaction().execute((tx) => recordAudit(tx, CLI_ACTOR, { action: 'test.entry', details: { i, nested: { b: 2, a: [1, 'x'] } } }));
  }
}

describe('the audit log', () => {
  it('exports the filtered entries as CSV with their hashes, and the export is itself on the record', async () => {
    await addEntries(3);
    const auditor = await t.userWithToken('auditor');
    const res = await t.api(auditor.token, 'GET', '/api/v1/audit.csv?action=test.');
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text.split('\n')[0]).toMatch(/^# tidings audit log: action starting with test\.; exported .* by token:/);
    const rows = parse(text, { comment: '#', columns: true }) as Record<string, string>[];
    expect(rows.length).toBeGreaterThanOrEqual(3);
    expect(rows.every((r) => r['action']!.startsWith('test.'))).toBe(true);
    expect(Number(rows[0]!['id'])).toBeGreaterThan(Number(rows[1]!['id']));
    const stored = await t.deps.db.selectFrom('audit_log').select(['hash', 'prev_hash']).where('id', '=', Number(rows[0]!['id'])).executeTakeFirstOrThrow();
    expect(rows[0]).toMatchObject({ hash: stored.hash, prev_hash: stored.prev_hash });
    expect(JSON.parse(rows[0]!['details']!)).toMatchObject({ nested: { a: [1, 'x'] } });
    const last = await t.deps.db.selectFrom('audit_log').select(['action', 'details']).orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
    expect(last).toMatchObject({ action: 'audit.export', details: { action: 'test.' } });
    const s = await pageSession(t.app, auditor.email, auditor.password);
    const page = await s.get('/audit?action=test.');
    expect(await page.text()).toContain('/audit.csv?action=test.');
    expect((await s.get('/audit.csv?from=garbage')).status).toBe(400);
  });

  it('writes the entry in the same transaction as the change: a failed change leaves no entry', async () => {
    const before = await t.deps.db.selectFrom('audit_log').select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
    await expect(
      t.deps.db.transaction().execute(async (tx) => {
        await recordAudit(tx, CLI_ACTOR, { action: 'test.rolled_back' });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    const after = await t.deps.db.selectFrom('audit_log').select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
    await createContactPoint(t.deps.db, CLI_ACTOR, { name: 'Ana', role: 'Lead', email: 'ana@example.org', phone: '+4712345678' });
    const last = await t.deps.db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
    expect(last.action).toBe('contact_point.create');
    expect(last.details).toMatchObject({ name: 'Ana' });
  });

  it('refuses UPDATE, DELETE and TRUNCATE at the database', async () => {
    await addEntries(1);
    await expect(sql`UPDATE audit_log SET action = 'forged'`.execute(t.deps.db)).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM audit_log`.execute(t.deps.db)).rejects.toThrow(/append-only/);
    await expect(sql`TRUNCATE audit_log`.execute(t.deps.db)).rejects.toThrow(/append-only/);
  });

  it('chains every entry to the one before, even when written concurrently', async () => {
    await Promise.all(Array.from({ length: 20 }, () => addEntries(3)));
    const result = await verifyAuditChain(t.deps.db, { pageSize: 7 });
    expect(result.intact).toBe(true);
    const total = await t.deps.db.selectFrom('audit_log').select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
    expect(result.entries).toBe(total.n);
  });

  it('finds the exact entry a superuser altered behind the trigger, and a removed one', async () => {
    await addEntries(5);
    const rows = await t.deps.db.selectFrom('audit_log').select('id').orderBy('id').execute();
    const victim = rows[rows.length - 3]!.id;
    const su = new pg.Client({ connectionString: t.tdb.url });
    await su.connect();
    try {
      await su.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_delete');
      await su.query(`UPDATE audit_log SET details = '{"i": 999}' WHERE id = $1`, [victim]);
      let r = await verifyAuditChain(t.deps.db);
      expect(r).toMatchObject({ intact: false, brokenAt: { id: victim } });
      expect(r.brokenAt!.reason).toMatch(/altered/);

      const res = await t.api((await t.userWithToken('auditor')).token, 'GET', '/api/v1/audit/verify');
      expect(await res.json()).toMatchObject({ intact: false, brokenAt: { id: victim } });

      // Removing an entry breaks the link of the one after it.
      const later = rows[rows.length - 1]!.id;
      await su.query(`DELETE FROM audit_log WHERE id = $1`, [later - 1]);
      await su.query(`UPDATE audit_log SET details = (SELECT details FROM audit_log WHERE id = $1) WHERE id = $1`, [victim]);
      r = await verifyAuditChain(t.deps.db);
      expect(r.intact).toBe(false);
    } finally {
      await su.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update_delete');
      await su.end();
    }
  });
});
