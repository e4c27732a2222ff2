import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import type { Db } from '../db/connection.ts';
import type { MailTransport } from '../sending/transport.ts';

/**
 * What the promise job needs: the database, and the one mail path for the
 * officers' reminders. Its own module so that evaluate.ts (which runs the
 * reminders) and reminders.ts both depend on it, and not on each other.
 */
export interface PromiseJobDeps {
  db: Db;
  transport: MailTransport;
  config: Pick<Config, 'from' | 'publicUrl'>;
  log?: Logger;
}
