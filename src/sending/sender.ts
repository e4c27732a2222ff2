import type { Logger } from 'pino';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/connection.ts';
import { backoffSeconds, batchIdempotencyKey, MAX_ATTEMPTS, type ClaimedBatch } from './batches.ts';
import type { EmailComposer, UpdateForSending } from './compose-email.ts';
import { postgresSendStore, type SendStore } from './store.ts';
import type { MailTransport } from './transport.ts';

export interface SenderDeps {
  db: Db;
  /** Where the engine reads and records its work; the PostgreSQL store on `db` unless given. */
  store?: SendStore;
  transport: MailTransport;
  composer: EmailComposer;
  log: Logger;
  worker: string;
  /** Provider requests per second shared by every worker; Infinity for none. */
  rate: number;
  leaseSeconds: number;
  /** When each batch is stamped as sent (src/clock.ts); the database's now() unless given. */
  clock?: Clock;
}

const WAIT_FOR_OPEN_BATCH_MS = 65_000;

export type BatchOutcomeKind = 'sent' | 'deferred' | 'failed';

const storeOf = (deps: SenderDeps): SendStore => deps.store ?? postgresSendStore(deps.db, deps.clock);

/** Sends one claimed batch and records what happened. */
export async function sendBatch(deps: SenderDeps, update: UpdateForSending, batch: ClaimedBatch): Promise<BatchOutcomeKind> {
  const store = storeOf(deps);
  const emails = [];
  for (let i = 0; i < batch.members.length; i++) {
    // Yield now and then, so another loop's slot timer fires on time: a late
    // request is what turns an exact pace into a provider 429.
    if (i > 0 && i % 25 === 0) await new Promise((r) => setImmediate(r));
    emails.push(await deps.composer.compose(update, batch.members[i]!));
  }
  if (deps.transport.rateLimited && Number.isFinite(deps.rate)) await store.acquireSendSlot(deps.rate);
  const outcome = await deps.transport.sendBatch(emails, batchIdempotencyKey(batch.id));
  switch (outcome.kind) {
    case 'accepted':
      await store.recordBatchResults(batch, outcome.results, emails.map((e) => ({ subject: e.subject, bodyHash: e.bodyHash })));
      return 'sent';
    case 'rate_limited':
      deps.log.warn({ batch: batch.id, retryAfter: outcome.retryAfterSeconds }, 'provider rate limit reached');
      await store.holdSendsFor(outcome.retryAfterSeconds);
      await store.deferBatch(batch.id, outcome.retryAfterSeconds, outcome.message);
      return 'deferred';
    case 'retryable':
      if (batch.attempts >= MAX_ATTEMPTS) {
        await store.failBatch(batch.id, `the provider did not accept the batch after ${batch.attempts} attempts: ${outcome.message}`);
        return 'failed';
      }
      deps.log.warn({ batch: batch.id, attempt: batch.attempts, error: outcome.message }, 'provider call failed; will retry');
      await store.deferBatch(batch.id, backoffSeconds(batch.attempts), outcome.message);
      return 'deferred';
    case 'rejected':
      await store.failBatch(batch.id, outcome.message);
      return 'failed';
  }
}

/**
 * The body of a send job: claims and sends batches of one update until none is
 * left or the deadline passes. Several of these run at once, in one process or
 * many, and never send a delivery twice: claiming is SKIP LOCKED, and a batch
 * retried after a crash is the same request under the same idempotency key.
 */
export async function sendUpdateBatches(deps: SenderDeps, updateId: number, options: { deadline?: number; signal?: AbortSignal } = {}): Promise<{ batches: number; finished: boolean; heldUntil?: Date }> {
  const deadline = options.deadline ?? Date.now() + 10 * 60_000;
  const store = storeOf(deps);
  const status = await store.updateStatus(updateId);
  if (status !== 'sending') return { batches: 0, finished: status === 'sent' };
  const update = await store.loadUpdate(updateId);
  let batches = 0;
  while (Date.now() < deadline && !options.signal?.aborted) {
    const batch = await store.claimBatch(updateId, deps.worker, deps.leaseSeconds);
    if (batch) {
      const outcome = await sendBatch(deps, update, batch);
      deps.log.debug({ updateId, batch: batch.id, recipients: batch.members.length, outcome }, 'batch handled');
      batches++;
      continue;
    }
    // Nothing to claim now. Batches held by live workers are theirs to finish;
    // wait only for one that becomes claimable soon (a retry's backoff, a short
    // lease). A batch held longer is left to the sweeper once its lease ends.
    const wait = await store.nextOpenBatchIn(updateId);
    if (wait === null || wait > WAIT_FOR_OPEN_BATCH_MS) break;
    await new Promise((r) => setTimeout(r, Math.min(Math.max(wait, 20), 250)));
  }
  const { sent: finished, now } = await store.finishIfDone(updateId);
  // One line per update, from the one job that marked it sent (an update has
  // many send jobs, and each of them sees it finished).
  if (now) deps.log.info({ updateId }, 'update sent');
  if (finished) return { batches, finished };
  if (!update.quietHours) return { batches, finished };
  // Only deliveries held for quiet hours left: the caller resumes when the first may go.
  const { until } = await store.heldForQuietHours(updateId);
  return until ? { batches, finished, heldUntil: until } : { batches, finished };
}
