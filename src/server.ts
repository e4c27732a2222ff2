import { serve, type ServerType } from '@hono/node-server';
import type PgBoss from 'pg-boss';
import { bossJobs, startBoss } from './jobs.ts';
import { startWorker, type RunningWorker } from './worker.ts';
import type { Runtime } from './runtime.ts';

export interface Listening {
  port: number;
  close(): Promise<void>;
}

/** Serves `fetch` over HTTP on `port` (0: any free one) until closed. */
export async function listen(fetch: (request: Request) => Response | Promise<Response>, port: number, hostname: string): Promise<Listening> {
  const server = await new Promise<ServerType>((resolve, reject) => {
    const s = serve({ fetch, port, hostname }, () => resolve(s));
    s.once('error', reject);
  });
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface Services {
  port: number | undefined;
  worker: RunningWorker | undefined;
  stop(): Promise<void>;
}

/**
 * Starts what this process runs: the web pages and API, the send worker, or
 * both (`tidings start`). Every process shares the one database and job queue.
 */
export async function startServices(rt: Runtime, what: { web: boolean; worker: boolean; port?: number }): Promise<Services> {
  const boss: PgBoss = await startBoss(rt.databaseUrl, { worker: what.worker });
  const worker = what.worker ? await startWorker({ db: rt.db, config: rt.config, log: rt.log, boss }, { concurrency: rt.config.workerConcurrency }) : undefined;
  let server: Listening | undefined;
  if (what.web) {
    // Loaded only here: a send worker process does not need the web app.
    const { createApp } = await import('./web.ts');
    const app = createApp({ db: rt.db, config: rt.config, log: rt.log, jobs: bossJobs(boss) });
    server = await listen(app.fetch, what.port ?? rt.config.port, process.env.HOST ?? '0.0.0.0');
  }
  return {
    port: server?.port,
    worker,
    async stop() {
      await server?.close();
      await worker?.stop();
      await boss.stop({ graceful: true, timeout: 10_000, wait: true });
    },
  };
}
