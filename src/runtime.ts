import pino, { type Logger } from 'pino';
import { useChainKey } from './audit/chain.ts';
import type { Config } from './config.ts';
import { createDb, type Db } from './db/connection.ts';
import { startEmbeddedPostgres, type EmbeddedServer } from './db/embedded.ts';
import { migrateDatabase } from './db/migrate.ts';

export interface Runtime {
  db: Db;
  /** The connection string in use (the embedded server's when DATABASE_URL is absent). */
  databaseUrl: string;
  config: Config;
  log: Logger;
  embedded: EmbeddedServer | undefined;
  close(): Promise<void>;
}

export function createLogger(config: Pick<Config, 'logLevel'>): Logger {
  return pino({ level: config.logLevel, base: undefined, timestamp: pino.stdTimeFunctions.isoTime });
}

/**
 * Connects to DATABASE_URL, or starts the embedded PostgreSQL when it is absent,
 * and brings the schema up to date.
 */
export async function openRuntime(config: Config, options: { migrate?: boolean; log?: Logger; maxConnections?: number } = {}): Promise<Runtime> {
  const log = options.log ?? createLogger(config);
  // Every audit entry this process writes or checks is keyed from the secret.
  useChainKey(config.secret);
  let embedded: EmbeddedServer | undefined;
  let url = config.databaseUrl;
  if (!url) {
    embedded = await startEmbeddedPostgres(config.home, (line) => log.info(line), { maxConnections: options.maxConnections });
    log.info({ dataDir: embedded.dataDir }, `embedded PostgreSQL running; data kept in ${embedded.dataDir}`);
    url = embedded.url;
  }
  const db = createDb(url);
  try {
    if (options.migrate !== false) {
      const applied = await migrateDatabase(db, config.migrationDatabaseUrl);
      if (applied.length) log.info({ applied }, `applied ${applied.length} migration(s)`);
    }
  } catch (err) {
    await db.destroy();
    await embedded?.stop();
    throw err;
  }
  let closed = false;
  return {
    db,
    databaseUrl: url,
    config,
    log,
    embedded,
    async close() {
      if (closed) return;
      closed = true;
      await db.destroy();
      await embedded?.stop();
    },
  };
}
