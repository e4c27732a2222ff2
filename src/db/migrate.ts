import { Migrator, sql, type MigrationResultSet } from 'kysely';
import { migrations } from '../../migrations/index.ts';
import { createDb, type Db } from './connection.ts';

export function migrator(db: Db): Migrator {
  return new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    migrationTableName: 'tidings_migrations',
    migrationLockTableName: 'tidings_migrations_lock',
  });
}

/** Applies every pending migration; throws with the failing migration's name. */
export async function migrateToLatest(db: Db): Promise<string[]> {
  const result: MigrationResultSet = await migrator(db).migrateToLatest();
  const failed = result.results?.find((r) => r.status === 'Error');
  if (result.error || failed) {
    const cause = result.error instanceof Error ? result.error.message : String(result.error);
    throw new Error(`migration ${failed?.migrationName ?? '?'} failed: ${cause}`);
  }
  return (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/**
 * Gives the app's role what it may do on the schema `owner` migrated: read and
 * write every table, but only read and append the audit log (and its group members). Not owning the
 * table, it cannot alter it either (ALTER TABLE … DISABLE TRIGGER needs the
 * owner). Run after every migration, so new tables are covered.
 */
export async function grantAppRole(owner: Db, appRole: string): Promise<void> {
  const role = sql.id(appRole);
  await sql`GRANT USAGE ON SCHEMA public TO ${role}`.execute(owner);
  await sql`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${role}`.execute(owner);
  await sql`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${role}`.execute(owner);
  await sql`REVOKE ALL ON audit_log, audit_members, tidings_migrations, tidings_migrations_lock FROM ${role}`.execute(owner);
  await sql`GRANT SELECT, INSERT ON audit_log, audit_members TO ${role}`.execute(owner);
}

/**
 * Brings the schema up to date. With a migration URL (TIDINGS_MIGRATION_DATABASE_URL)
 * the migrations run as that role, the schema's owner, and the role `db` connects
 * as (DATABASE_URL's) is then granted what the app needs (grantAppRole);
 * otherwise they run as the app's own role, which then owns everything.
 */
export async function migrateDatabase(db: Db, migrationDatabaseUrl: string | undefined): Promise<string[]> {
  if (!migrationDatabaseUrl) return migrateToLatest(db);
  const owner = createDb(migrationDatabaseUrl, { max: 1 });
  try {
    const applied = await migrateToLatest(owner);
    const app = await sql<{ role: string }>`SELECT current_user AS role`.execute(db);
    const self = await sql<{ role: string }>`SELECT current_user AS role`.execute(owner);
    const appRole = app.rows[0]!.role;
    if (appRole !== self.rows[0]!.role) await grantAppRole(owner, appRole);
    return applied;
  } finally {
    await owner.destroy();
  }
}
