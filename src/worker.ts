import { hostname } from 'node:os';
import type PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import { sendDailyAnchors } from './audit/anchor-mail.ts';
import { useChainKey } from './audit/chain.ts';
import type { Config } from './config.ts';
import type { Db } from './db/connection.ts';
import { bossJobs, QUEUES, SEND_JOBS_PER_UPDATE, sweep, type Jobs, type ReleaseJob, type SendJob } from './jobs.ts';
import { pruneIdempotencyKeys } from './idempotency/store.ts';
import { evaluatePromises } from './promises/evaluate.ts';
import { EmailComposer } from './sending/compose-email.ts';
import { sendUpdateBatches, type SenderDeps } from './sending/sender.ts';
import { postgresSendStore } from './sending/store.ts';
import { createTransport, type MailTransport } from './sending/transport.ts';
import { releaseUpdate } from './updates/release.ts';

/*
 * The worker, a composition root like the web app (web.ts): it registers every
 * background job on the queue. Job bodies are plain functions of their domain
 * (release, the send engine, promise evaluation, the auditors' daily anchor) that tests call directly;
 * this file only wires them to pg-boss.
 */

export interface WorkerOptions {
  /** Send loops in this process. */
  concurrency?: number;
  leaseSeconds?: number;
  transport?: MailTransport;
  /** How long one send job works before handing over to a fresh job. */
  jobSeconds?: number;
}

export interface RunningWorker {
  sender: SenderDeps;
  stop(): Promise<void>;
}

/** The release job: releases a due update and starts its send jobs in the release's transaction. */
export async function runRelease(db: Db, jobs: Jobs, log: Logger, updateId: number): Promise<void> {
  const result = await releaseUpdate(db, updateId, { onReleased: (tx) => jobs.enqueueSend(tx, updateId, SEND_JOBS_PER_UPDATE) });
  log.info({ updateId, ...result }, result.released ? 'update released' : 'release skipped');
}

/**
 * A send job: one slice of the send engine's work on an update. Each of the
 * update's jobs hands over to one successor; while the rest is held for quiet
 * hours, that successor waits for the window. The engine logs "update sent"
 * once, from the slice that finished the update.
 */
export async function runSendSlice(sender: SenderDeps, jobs: Jobs, updateId: number, slice: { deadline: number; signal: AbortSignal }): Promise<void> {
  const r = await sendUpdateBatches(sender, updateId, slice);
  if (!r.finished && !slice.signal.aborted) await jobs.enqueueSend(null, updateId, 1, r.heldUntil);
}

export async function startWorker(deps: { db: Db; config: Config; log: Logger; boss: PgBoss }, options: WorkerOptions = {}): Promise<RunningWorker> {
  const { db, config, log, boss } = deps;
  useChainKey(config.secret);
  const jobs = bossJobs(boss);
  const sender: SenderDeps = {
    db,
    store: postgresSendStore(db),
    transport: options.transport ?? createTransport(db, config),
    composer: new EmailComposer(config),
    log,
    worker: `${hostname()}:${process.pid}`,
    rate: config.sendRate,
    leaseSeconds: options.leaseSeconds ?? config.batchLeaseSeconds,
  };
  const jobSeconds = options.jobSeconds ?? 10;
  const polling = { pollingIntervalSeconds: 0.5 };
  const controller = new AbortController();
  const ids: string[] = [];

  ids.push(await boss.work<ReleaseJob>(QUEUES.release, polling, async ([job]) => runRelease(db, jobs, log, job!.data.updateId)));
  for (let i = 0; i < (options.concurrency ?? 4); i++) {
    ids.push(
      await boss.work<SendJob>(QUEUES.send, polling, async ([job]) =>
        runSendSlice(sender, jobs, job!.data.updateId, { deadline: Date.now() + jobSeconds * 1000, signal: controller.signal }),
      ),
    );
  }
  await boss.schedule(QUEUES.sweep, '* * * * *');
  // The sweep also forgets idempotency keys whose 24 hours are over.
  ids.push(
    await boss.work(QUEUES.sweep, async () => {
      await sweep(db, jobs);
      await pruneIdempotencyKeys(db);
    }),
  );
  // Promises are checked every minute by whichever worker takes the job, so
  // nothing depends on someone opening a page (and one worker, not all, runs it).
  await boss.schedule(QUEUES.promises, '* * * * *');
  // The same job reminds the situations' officers, through the same transport as every email.
  ids.push(
    await boss.work(QUEUES.promises, async () => {
      const r = await evaluatePromises({ db, transport: sender.transport, config, log }, new Date());
      if (r.counted + r.kept + r.overdue + r.followedUp + r.reminders.raised + r.reminders.sent + r.reminders.failed > 0) log.info(r, 'promises evaluated');
    }),
  );
  // The daily anchor to the auditors: hourly, so a worker that was down at
  // midnight still sends the day's; the body sends each auditor one a day.
  await boss.schedule(QUEUES.auditAnchor, '7 * * * *');
  ids.push(
    await boss.work(QUEUES.auditAnchor, async () => {
      const r = await sendDailyAnchors({ db, transport: sender.transport, config, log }, new Date());
      if (r.sent + r.failed > 0) log.info(r, 'audit anchors emailed');
      if (r.failed > 0) throw new Error(`${r.failed} audit anchor email(s) not sent`);
    }),
  );
  await sweep(db, jobs);
  log.info({ sender: sender.worker, transport: sender.transport.name, rate: sender.rate }, 'worker started');
  return {
    sender,
    async stop() {
      controller.abort();
      for (const id of ids) await boss.offWork({ id }).catch(() => {});
    },
  };
}
