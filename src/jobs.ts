import { CompiledQuery, sql } from 'kysely';
import PgBoss from 'pg-boss';
import type { Db, DbOrTx } from './db/connection.ts';

export const QUEUES = {
  release: 'release-update',
  send: 'send-update',
  sweep: 'sweep-sending',
  promises: 'evaluate-promises',
  auditAnchor: 'audit-anchor',
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

/**
 * Creates a queue unless it exists. Processes starting together (a web process
 * and workers on several machines) may create queues at the same moment;
 * PostgreSQL then breaks a lock cycle between their partition DDL by failing one,
 * which simply tries again.
 */
async function ensureQueue(boss: PgBoss, name: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      if (!(await boss.getQueue(name))) await boss.createQueue(name, { name, retryLimit: 5, retryDelay: 5, retryBackoff: true, expireInSeconds: 15 * 60 });
      return;
    } catch (err) {
      const code = (err as { code?: string }).code;
      const retryable = code === '40P01' || code === '23505' || code === '42P07' || /deadlock detected|already exists/.test((err as Error).message);
      if (!retryable || attempt >= 8) throw err;
      await new Promise((r) => setTimeout(r, 25 * attempt + Math.random() * 50));
    }
  }
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
  for (const name of Object.values(QUEUES)) await ensureQueue(boss, name);
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

/**
 * Send jobs in flight per sending update. Each works for a short slice and then
 * hands over to a fresh job, so the work spreads over every worker process
 * that polls the queue, including ones started while the update is sending.
 */
export const SEND_JOBS_PER_UPDATE = 16;

/**
 * Re-enqueues what a crash could have orphaned: scheduled updates that are due,
 * and updates still sending. Runs at worker start and every minute.
 */
export async function sweep(db: Db, jobs: Jobs): Promise<void> {
  const due = await db.selectFrom('updates').select(['id', 'send_at']).where('status', '=', 'scheduled').where('send_at', '<=', new Date()).execute();
  for (const u of due) await db.transaction().execute((tx) => jobs.scheduleRelease(tx, u.id, new Date()));
  // Updates still sending with no send job alive: their jobs died with a worker.
  const orphaned = await sql<{ id: number }>`
    SELECT u.id FROM updates u
     WHERE u.status = 'sending'
       AND NOT EXISTS (SELECT 1 FROM pgboss.job j
                        WHERE j.name = ${QUEUES.send} AND j.state IN ('created', 'retry')
                          AND (j.data->>'updateId')::bigint = u.id)`.execute(db);
  for (const u of orphaned.rows) await jobs.enqueueSend(null, u.id, SEND_JOBS_PER_UPDATE);
}
