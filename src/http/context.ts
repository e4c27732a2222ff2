import type { Logger } from 'pino';
import type { Actor } from '../audit/log.ts';
import type { Config } from '../config.ts';
import type { Db } from '../db/connection.ts';
import type { User } from '../db/types.ts';
import type { Jobs } from '../sending/jobs.ts';
import { createTransport, type MailTransport } from '../sending/transport.ts';

export interface AppDeps {
  db: Db;
  config: Config;
  log: Logger;
  jobs: Jobs;
  /** Where test sends go; the worker has its own. Defaults from the configuration. */
  transport?: MailTransport;
}

export interface AppEnv {
  Variables: {
    deps: AppDeps;
    user: User;
    actor: Actor;
    csrfToken: string;
    flash: string | undefined;
  };
}

/** Where a request's email goes: the transport the app was given (tests), else the configured one. */
export function requestTransport(deps: AppDeps): MailTransport {
  return deps.transport ?? createTransport(deps.db, deps.config);
}
