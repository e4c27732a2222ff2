import type { Logger } from 'pino';
import type { User } from '../db/types.ts';

/**
 * What the HTTP infrastructure reads from a request's context. The web app's
 * own environment (src/app-env.ts) widens `deps` with the domain's services;
 * nothing here knows them.
 */
export interface HttpDeps {
  log: Logger;
  config: { publicUrl: string };
}

export interface HttpEnv {
  Variables: {
    deps: HttpDeps;
    user: User;
    csrfToken: string;
    flash: string | undefined;
  };
}
