import type { Logger } from 'pino';
import { loadConfig } from './config.ts';
import { createLogger, openRuntime } from './runtime.ts';
import { superviseWorkers, WORKER_NUMBER_VARIABLE, type SupervisedWorkers } from './supervisor.ts';

/*
 * The long-running commands: `start` (web, plus one sending process per core),
 * `serve` (web only) and `worker` (sending only, also what `start` forks).
 */

export interface RunOptions {
  web: boolean;
  worker: boolean;
  /** `tidings demo`'s summary, for the banner. */
  demo?: string;
  /** Sending processes beside the web process (`--workers`); default TIDINGS_WORKERS, else one per core. */
  workers?: number;
}

/** The number of a worker `tidings start` forked (its log lines carry it); undefined otherwise. */
function supervisedNumber(): number | undefined {
  const n = Number(process.env[WORKER_NUMBER_VARIABLE]);
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

/**
 * Runs web and/or worker until SIGINT/SIGTERM, then stops cleanly (the embedded
 * database too). At a terminal it prints a short banner and logs warnings only
 * (unless LOG_LEVEL is set); otherwise every line is JSON, for a supervisor.
 *
 * `start` with workers > 0 serves the web in this process and forks that many
 * `tidings worker` children on the database it opened (the embedded one
 * included): they are restarted when they die and stopped before the database.
 */
export async function runServices(what: RunOptions): Promise<void> {
  const config = loadConfig();
  const child = supervisedNumber();
  const tty = process.stdout.isTTY === true;
  const logLevel = tty && process.env.LOG_LEVEL === undefined ? 'warn' : config.logLevel;
  const base = createLogger({ logLevel });
  const log: Logger = child ? base.child({ worker: child }) : base;
  const workerCount = what.web && what.worker ? (what.workers ?? config.workers) : 0;
  // A forked child finds the schema migrated by its parent. An embedded server
  // gets room for every worker's pools (a database pool and pg-boss's, ~16 each).
  const rt = await openRuntime(config, { log, migrate: child === undefined, maxConnections: 20 * workerCount + 40 });
  const inProcessWorker = what.worker && workerCount === 0;
  // Loaded here: the web app is most of the code, and one-shot commands do not need it.
  const { startServices } = await import('./server.ts');
  const services = await startServices(rt, { web: what.web, worker: inProcessWorker }).catch(async (err: unknown) => {
    await rt.close();
    throw err;
  });
  let workers: SupervisedWorkers | undefined;
  if (workerCount > 0) {
    workers = superviseWorkers({
      count: workerCount,
      script: process.argv[1]!,
      args: ['worker'],
      execArgv: process.execArgv,
      // The children reach the same database with the same secret, and log at this process's level.
      env: { ...process.env, DATABASE_URL: rt.databaseUrl, TIDINGS_SECRET: config.secret, LOG_LEVEL: logLevel },
      log,
    });
  }
  const url = services.port !== undefined ? `http://localhost:${services.port}` : undefined;
  const mail = what.worker ? (config.resendApiKey ? { resend: true as const, rate: config.sendRate } : { resend: false as const }) : undefined;
  if (child) {
    // The parent has said where tidings runs; a child only logs its own events.
  } else if (tty) {
    const { startBanner } = await import('./banner.ts');
    process.stdout.write(startBanner({ url, publicUrl: config.publicUrl, mail, workers: workerCount, demo: what.demo, logLevel }));
  } else {
    if (url) rt.log.info({ url, publicUrl: config.publicUrl }, `tidings is running on ${url} (public URL ${config.publicUrl})`);
    if (mail) rt.log.info(mail.resend ? `sending through Resend at up to ${mail.rate} requests/s` : 'RESEND_API_KEY is not set: mail goes to the local outbox, nothing leaves this machine');
    if (workers) rt.log.info({ workers: workerCount, pids: workers.pids() }, `sending in ${workerCount} worker process${workerCount === 1 ? '' : 'es'}`);
    if (what.demo) rt.log.info({ demo: what.demo.split('\n') }, 'demo ready');
  }
  let stopping = false;
  const stop = async (reason: string) => {
    if (stopping) return;
    stopping = true;
    rt.log.info(`${reason}, shutting down`);
    // The children first: they use the database this process may be running.
    await Promise.all([workers?.stop(), services.stop()]);
    await rt.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT received'));
  process.on('SIGTERM', () => void stop('SIGTERM received'));
  // A child whose parent is gone (even killed with SIGKILL) stops too, rather than send on unsupervised.
  // The IPC channel closing says so at once; the parent process id changing is the fallback.
  if (child) {
    const parent = process.ppid;
    process.on('disconnect', () => void stop('the supervising tidings start is gone'));
    setInterval(() => process.ppid !== parent && void stop('the supervising tidings start is gone'), 1000).unref();
  }
}
