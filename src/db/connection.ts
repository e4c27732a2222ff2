import { Kysely, PostgresDialect, sql, type Transaction } from 'kysely';
import pg from 'pg';
import type { Database } from './types.ts';

// bigint ids and counts arrive as numbers: every id and count here stays far
// below 2^53, and numbers are what the API promises.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v));

export type Db = Kysely<Database>;
export type Tx = Transaction<Database>;
/** A handle that is either the pool or an open transaction. */
export type DbOrTx = Kysely<Database>;

export function createDb(connectionString: string, options: { max?: number } = {}): Db {
  const pool = new pg.Pool({
    connectionString,
    max: options.max ?? 10,
    application_name: 'tidings',
  });
  // A dropped idle connection must not crash the process.
  pool.on('error', () => {});
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

/** Answers when the database does: the health check's one question. */
export async function pingDatabase(db: DbOrTx): Promise<void> {
  await sql`SELECT 1`.execute(db);
}
