import type PgBoss from 'pg-boss';
import { afterAll, beforeAll } from 'vitest';
import { startBoss } from '../../src/jobs.ts';
import { OutboxTransport } from '../../src/sending/transport.ts';
import { startWorker, type RunningWorker } from '../../src/worker.ts';
import type { TestContext } from './app.ts';

/**
 * A worker on the test file's database for the whole file, so what is sent
 * really goes out: into the outbox, as with the outbox transport in production.
 */
export function useSendWorker(t: TestContext): void {
  let boss: PgBoss;
  let worker: RunningWorker;
  beforeAll(async () => {
    boss = await startBoss(t.tdb.url, { worker: true });
    worker = await startWorker({ db: t.deps.db, config: t.deps.config, log: t.deps.log, boss }, { transport: new OutboxTransport(t.deps.db) });
  });
  afterAll(async () => {
    await worker?.stop();
    await boss?.stop({ graceful: false, wait: true });
  });
}
