import type { Logger } from 'pino';
import type { Actor } from './actor.ts';
import type { Config } from './config.ts';
import type { Db } from './db/connection.ts';
import type { User } from './db/types.ts';
import type { IdempotencyStore } from './idempotent-request.ts';
import type { Jobs } from './jobs.ts';
import type { MailTransport } from './sending/transport.ts';

/** The services every request handler may use; the web app is built with them. */
export interface AppDeps {
  db: Db;
  config: Config;
  log: Logger;
  jobs: Jobs;
  /** Where idempotency keys are kept (the web app defaults to PostgreSQL). */
  idempotency?: IdempotencyStore;
  /** Where test sends go; the worker has its own. Defaults from the configuration. */
  transport?: MailTransport;
}

/** The Hono environment of every route: the HTTP layer's variables plus the signed-in actor. */
export interface AppEnv {
  Variables: {
    deps: AppDeps;
    user: User;
    actor: Actor;
    csrfToken: string;
    flash: string | undefined;
  };
}
