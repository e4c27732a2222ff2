import { CompiledQuery } from 'kysely';
import PgBoss from 'pg-boss';
import type { DbOrTx } from './db/connection.ts';

export const QUEUES = {
  release: 'release-update',
  send: 'send-update',
  sweep: 'sweep-sending',
  promises: 'evaluate-promises',
} as const;

export interface ReleaseJob {
  updateId: number;
}
export interface SendJob {
  updateId: number;
}

/** What domain code may ask of the job system; enqueued in the caller's transaction. */
export interface Jobs {
  scheduleRelease(tx: DbOrTx, updateId: number, at: Date): Promise<void>;
  /** `startAfter`: not before this time (an update whose remaining recipients are held for quiet hours). */
  enqueueSend(tx: DbOrTx | null, updateId: number, copies: number, startAfter?: Date): Promise<void>;
}

/** pg-boss runs its SQL on our transaction, so a job exists exactly when the change that asked for it commits. */
function inTransaction(tx: DbOrTx): PgBoss.Db {
  return {
    executeSql: async (text, values) => {
      const r = await tx.executeQuery(CompiledQuery.raw(text, values));
      return { rows: r.rows as unknown[] as never[] };
    },
  };
}

export async function startBoss(connectionString: string, options: { worker: boolean }): Promise<PgBoss> {
  const boss = new PgBoss({
    connectionString,
    schema: 'pgboss',
    max: options.worker ? 6 : 2,
    application_name: options.worker ? 'tidings-worker' : 'tidings-web',
    // Only workers maintain the queues and run the cron clock.
    supervise: options.worker,
    schedule: options.worker,
  });
  boss.on('error', () => {});
  await boss.start();
  for (const name of Object.values(QUEUES)) {
    if (!(await boss.getQueue(name))) await boss.createQueue(name, { name, retryLimit: 5, retryDelay: 5, retryBackoff: true, expireInSeconds: 15 * 60 });
  }
  return boss;
}

export function bossJobs(boss: PgBoss): Jobs {
  return {
    async scheduleRelease(tx, updateId, at) {
      // A duplicate release job is harmless: the release finds the update no longer scheduled.
      await boss.send(QUEUES.release, { updateId } satisfies ReleaseJob, { startAfter: at, db: inTransaction(tx) });
    },
    async enqueueSend(tx, updateId, copies, startAfter) {
      for (let i = 0; i < copies; i++) {
        // Extra send jobs are harmless: claiming is SKIP LOCKED and a job with nothing left to claim ends.
        await boss.send(QUEUES.send, { updateId } satisfies SendJob, { ...(tx ? { db: inTransaction(tx) } : {}), ...(startAfter ? { startAfter } : {}) });
      }
    },
  };
}
