import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { CLI_ACTOR, recordAudit } from '../../src/audit/log.ts';
import { verifyAuditChain } from '../../src/audit/verify.ts';
import { createContactPoint } from '../../src/contact-points/queries.ts';
import { createDb, type Db } from '../../src/db/connection.ts';
import { migrateDatabase } from '../../src/db/migrate.ts';
import { QUEUES, startBoss } from '../../src/jobs.ts';
import { useTestApp } from '../helpers/app.ts';

const t = useTestApp();
const role = `tidings_app_${randomBytes(4).toString('hex')}`;
let appDb: Db | undefined;

async function asSuperuser<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: t.tdb.url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

const fresh = `tidings_t_${inject('runId')}_role${randomBytes(3).toString('hex')}`;

afterAll(async () => {
  await appDb?.destroy();
  await asSuperuser(async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${fresh} WITH (FORCE)`).catch(() => {});
    await c.query(`DROP OWNED BY ${role}`).catch(() => {});
    await c.query(`DROP ROLE IF EXISTS ${role}`).catch(() => {});
  });
});

describe('the app under a role that does not own the audit log (TIDINGS_MIGRATION_DATABASE_URL)', () => {
  it('records through that role, which may not update, delete, truncate or switch off the trigger', async () => {
    await asSuperuser((c) => c.query(`CREATE ROLE ${role} LOGIN PASSWORD 'app-password'`));
    const url = new URL(t.tdb.url);
    url.username = role;
    url.password = 'app-password';
    appDb = createDb(url.toString(), { max: 2 });

    // The owner (here the test server's superuser) migrates and grants; the app role connects.
    await migrateDatabase(appDb, t.tdb.url);
    expect((await sql<{ u: string }>`SELECT current_user AS u`.execute(appDb)).rows[0]!.u).toBe(role);

    const entry = await appDb.transaction().execute((tx) => recordAudit(tx, CLI_ACTOR, { action: 'test.as_app_role', details: { ok: true } }));
    expect(entry.scheme).toBe('hmac-sha256');
    await createContactPoint(appDb, CLI_ACTOR, { name: 'Role Test', role: 'Lead', email: 'role@example.org', phone: '+4712345679' });
    expect(await verifyAuditChain(appDb)).toMatchObject({ intact: true });

    const app = appDb;
    await expect(sql`UPDATE audit_log SET action = 'forged' WHERE id = ${entry.id}`.execute(app)).rejects.toThrow(/permission denied/);
    await expect(sql`DELETE FROM audit_log WHERE id = ${entry.id}`.execute(app)).rejects.toThrow(/permission denied/);
    await expect(sql`TRUNCATE audit_log`.execute(app)).rejects.toThrow(/permission denied/);
    await expect(sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_delete`.execute(app)).rejects.toThrow(/must be owner/);
    await expect(sql`ALTER TABLE audit_log DISABLE TRIGGER ALL`.execute(app)).rejects.toThrow(/must be owner/);
    await expect(sql`DROP TRIGGER audit_log_no_update_delete ON audit_log`.execute(app)).rejects.toThrow(/must be owner/);
    // Everything else the app does still works: the contact point above, and changing it.
    await expect(sql`UPDATE contact_points SET phone = '+4700000000' WHERE email = 'role@example.org'`.execute(app)).resolves.toBeDefined();
  });

  it('runs the job queue too, set up as the README says: a fresh database where the app role may create the pgboss schema', async () => {
    await asSuperuser(async (c) => {
      await c.query(`CREATE DATABASE ${fresh}`);
    });
    const ownerUrl = new URL(t.tdb.url);
    ownerUrl.pathname = `/${fresh}`;
    const setup = new pg.Client({ connectionString: ownerUrl.toString() });
    await setup.connect();
    // pg-boss creates (and then owns) its own schema, which takes CREATE on the database.
    await setup.query(`GRANT CREATE ON DATABASE ${fresh} TO ${role}`);
    await setup.end();
    const appUrl = new URL(ownerUrl);
    appUrl.username = role;
    appUrl.password = 'app-password';
    const db = createDb(appUrl.toString(), { max: 2 });
    try {
      expect(await migrateDatabase(db, ownerUrl.toString())).toContain('0014_keyed_audit_chain');
      const boss = await startBoss(appUrl.toString(), { worker: true });
      try {
        expect(await boss.send(QUEUES.auditAnchor, {})).toBeTruthy();
      } finally {
        await boss.stop({ graceful: false, wait: true });
      }
      await db.transaction().execute((tx) => recordAudit(tx, CLI_ACTOR, { action: 'test.fresh' }));
      await expect(sql`ALTER TABLE audit_log DISABLE TRIGGER ALL`.execute(db)).rejects.toThrow(/must be owner/);
    } finally {
      await db.destroy();
    }
  });
});
