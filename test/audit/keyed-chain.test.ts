import { createHmac } from 'node:crypto';
import pg from 'pg';
import { sql } from 'kysely';
import { describe, expect, inject, it } from 'vitest';
import { entryHash, GENESIS_HASH } from '../../src/audit/chain.ts';
import { CLI_ACTOR, recordAudit } from '../../src/audit/log.ts';
import { verifyAuditChain } from '../../src/audit/verify.ts';
import { createDb } from '../../src/db/connection.ts';
import { migrateToLatest, migrator } from '../../src/db/migrate.ts';
import { useTestApp } from '../helpers/app.ts';

const t = useTestApp();

async function addEntries(n: number, action = 'test.entry') {
  for (let i = 0; i < n; i++) await t.deps.db.transaction().execute((tx) => recordAudit(tx, CLI_ACTOR, { action, details: { i } }));
}

type Row = { id: string; at: Date; actor: string; actor_user_id: number | null; action: string; subject_type: string | null; subject_id: string | null; details: unknown; hash: string };
const content = (r: Row) => ({ at: r.at, actor: r.actor, actorUserId: r.actor_user_id, action: r.action, subjectType: r.subject_type, subjectId: r.subject_id, details: r.details });

/**
 * What someone with the database (and without TIDINGS_SECRET) can do: switch the
 * trigger off, change an entry and recompute every hash from there on with `hash`.
 */
async function rewriteFrom(victim: number, hash: (prev: string, r: Row) => string, extra = '') {
  const su = new pg.Client({ connectionString: t.tdb.url });
  await su.connect();
  try {
    await su.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_delete');
    await su.query(`UPDATE audit_log SET details = '{"i": 999}'${extra} WHERE id = $1`, [victim]);
    const { rows } = await su.query<Row>('SELECT * FROM audit_log WHERE id >= $1 ORDER BY id', [victim]);
    let prev = (await su.query<{ hash: string }>('SELECT hash FROM audit_log WHERE id < $1 ORDER BY id DESC LIMIT 1', [victim])).rows[0]?.hash ?? GENESIS_HASH;
    for (const r of rows) {
      const h = hash(prev, r);
      await su.query('UPDATE audit_log SET prev_hash = $2, hash = $3 WHERE id = $1', [r.id, prev, h]);
      prev = h;
    }
  } finally {
    await su.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update_delete');
    await su.end();
  }
}

async function lastIds(n: number): Promise<number[]> {
  const rows = await t.deps.db.selectFrom('audit_log').select('id').orderBy('id', 'desc').limit(n).execute();
  return rows.map((r) => r.id).reverse();
}

describe('the keyed audit chain', () => {
  it('finds an entry rewritten with its hashes recomputed by plain SHA-256, by another key, or marked as unkeyed', async () => {
    await addEntries(6);
    expect(await verifyAuditChain(t.deps.db)).toMatchObject({ intact: true });
    const [a, b, c] = await lastIds(3);

    await rewriteFrom(c!, (prev, r) => entryHash(prev, content(r)));
    let r = await verifyAuditChain(t.deps.db);
    expect(r).toMatchObject({ intact: false, brokenAt: { id: c } });
    expect(r.brokenAt!.reason).toMatch(/keyed hash/);

    const wrongKey = Buffer.from('not the key of this tidings, 32 bytes long!');
    await rewriteFrom(b!, (prev, r) => createHmac('sha256', wrongKey).update(`${prev}\n`).update(JSON.stringify(content(r))).digest('hex'));
    r = await verifyAuditChain(t.deps.db);
    expect(r).toMatchObject({ intact: false, brokenAt: { id: b } });

    // Marking the rewritten entries as old-scheme ones does not help either.
    await rewriteFrom(a!, (prev, r) => entryHash(prev, content(r)), `, scheme = 'sha256'`);
    const su = new pg.Client({ connectionString: t.tdb.url });
    await su.connect();
    await su.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_delete');
    await su.query(`UPDATE audit_log SET scheme = 'sha256' WHERE id >= $1`, [a]);
    await su.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update_delete');
    await su.end();
    r = await verifyAuditChain(t.deps.db);
    expect(r).toMatchObject({ intact: false, brokenAt: { id: a } });
    expect(r.brokenAt!.reason).toMatch(/not keyed/);
  });
});

describe('entries written before the key', () => {
  it('still verify with the old scheme after migration 0014, and the result says from which entry the key is used', async () => {
    const name = `tidings_t_${inject('runId')}_legacy${Date.now() % 100000}`;
    const admin = new pg.Client({ connectionString: inject('adminUrl') });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    const url = new URL(inject('adminUrl'));
    url.pathname = `/${name}`;
    const db = createDb(url.toString(), { max: 2 });
    try {
      await migrator(db).migrateTo('0010_four_eyes');
      // Three entries as the code before migration 0014 wrote them: plain SHA-256.
      let prev = GENESIS_HASH;
      for (let i = 0; i < 3; i++) {
        const c = { at: new Date(Date.UTC(2026, 0, 1, 9, i)), actor: 'cli', actorUserId: null, action: 'legacy.entry', subjectType: null, subjectId: null, details: { i } };
        const hash = entryHash(prev, c);
        await sql`INSERT INTO audit_log (at, actor, action, details, prev_hash, hash) VALUES (${c.at}, 'cli', 'legacy.entry', ${JSON.stringify({ i })}, ${prev}, ${hash})`.execute(db);
        prev = hash;
      }
      await migrateToLatest(db);
      for (let i = 0; i < 2; i++) await db.transaction().execute((tx) => recordAudit(tx, CLI_ACTOR, { action: 'keyed.entry', details: { i } }));
      const rows = await db.selectFrom('audit_log').select(['id', 'scheme']).orderBy('id').execute();
      expect(rows.map((r) => r.scheme)).toEqual(['sha256', 'sha256', 'sha256', 'hmac-sha256', 'hmac-sha256']);
      const r = await verifyAuditChain(db);
      expect(r).toMatchObject({ intact: true, entries: 5, keyedFrom: rows[3]!.id, head: { seq: rows[4]!.id } });
    } finally {
      await db.destroy();
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    }
  });
});
