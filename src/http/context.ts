import type { Logger } from 'pino';
import type { Actor } from '../audit/log.ts';
import type { Config } from '../config.ts';
import type { Db } from '../db/connection.ts';
import type { User } from '../db/types.ts';

export interface AppDeps {
  db: Db;
  config: Config;
  log: Logger;
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
