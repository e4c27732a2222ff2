import { sql } from 'kysely';
import type { Logger } from 'pino';
import { recordAudit, SYSTEM_ACTOR } from '../audit/log.ts';
import type { Db } from '../db/connection.ts';
import { backoffSeconds, batchIdempotencyKey, claimBatch, deferBatch, failBatch, MAX_ATTEMPTS, heldForQuietHours, nextOpenBatchIn, recordBatchResults, type ClaimedBatch } from './batches.ts';
import { EmailComposer, loadUpdateForSending, type UpdateForSending } from './compose-email.ts';
import { acquireSendSlot, holdSendsFor } from './rate.ts';
import type { MailTransport } from './transport.ts';

export interface SenderDeps {
  db: Db;
  transport: MailTransport;
  composer: EmailComposer;
  log: Logger;
  worker: string;
  /** Provider requests per second shared by every worker; Infinity for none. */
  rate: number;
  leaseSeconds: number;
}

const WAIT_FOR_OPEN_BATCH_MS = 65_000;

export type BatchOutcomeKind = 'sent' | 'deferred' | 'failed';

/** Sends one claimed batch and records what happened. */
export async function sendBatch(deps: SenderDeps, update: UpdateForSending, batch: ClaimedBatch): Promise<BatchOutcomeKind> {
  const emails = [];
  for (let i = 0; i < batch.members.length; i++) {
    // Yield now and then, so another loop's slot timer fires on time: a late
    // request is what turns an exact pace into a provider 429.
    if (i > 0 && i % 25 === 0) await new Promise((r) => setImmediate(r));
    emails.push(await deps.composer.compose(update, batch.members[i]!));
  }
  if (deps.transport.rateLimited && Number.isFinite(deps.rate)) await acquireSendSlot(deps.db, deps.rate);
  const outcome = await deps.transport.sendBatch(emails, batchIdempotencyKey(batch.id));
  switch (outcome.kind) {
    case 'accepted':
      await recordBatchResults(deps.db, batch, outcome.results, emails.map((e) => ({ subject: e.subject, bodyHash: e.bodyHash })));
      return 'sent';
    case 'rate_limited':
      deps.log.warn({ batch: batch.id, retryAfter: outcome.retryAfterSeconds }, 'provider rate limit reached');
      await holdSendsFor(deps.db, outcome.retryAfterSeconds);
      await deferBatch(deps.db, batch.id, outcome.retryAfterSeconds, outcome.message);
      return 'deferred';
    case 'retryable':
      if (batch.attempts >= MAX_ATTEMPTS) {
        await failBatch(deps.db, batch.id, `the provider did not accept the batch after ${batch.attempts} attempts: ${outcome.message}`);
        return 'failed';
      }
      deps.log.warn({ batch: batch.id, attempt: batch.attempts, error: outcome.message }, 'provider call failed; will retry');
      await deferBatch(deps.db, batch.id, backoffSeconds(batch.attempts), outcome.message);
      return 'deferred';
    case 'rejected':
      await failBatch(deps.db, batch.id, outcome.message);
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
  const status = await deps.db.selectFrom('updates').select('status').where('id', '=', updateId).executeTakeFirst();
  if (status?.status !== 'sending') return { batches: 0, finished: status?.status === 'sent' };
  const update = await loadUpdateForSending(deps.db, updateId);
  let batches = 0;
  while (Date.now() < deadline && !options.signal?.aborted) {
    const batch = await claimBatch(deps.db, updateId, deps.worker, deps.leaseSeconds);
    if (batch) {
      await sendBatch(deps, update, batch);
      batches++;
      continue;
    }
    // Nothing to claim now. Batches held by live workers are theirs to finish;
    // wait only for one that becomes claimable soon (a retry's backoff, a short
    // lease). A batch held longer is left to the sweeper once its lease ends.
    const wait = await nextOpenBatchIn(deps.db, updateId);
    if (wait === null || wait > WAIT_FOR_OPEN_BATCH_MS) break;
    await new Promise((r) => setTimeout(r, Math.min(Math.max(wait, 20), 250)));
  }
  const finished = await finishIfDone(deps.db, updateId);
  if (finished) return { batches, finished };
  if (!update.quietHours) return { batches, finished };
  // Only deliveries held for quiet hours left: the caller resumes when the first may go.
  const { until } = await heldForQuietHours(deps.db, updateId);
  return until ? { batches, finished, heldUntil: until } : { batches, finished };
}

/** Marks the update sent once nothing is queued and no batch is open; records the totals once. */
export async function finishIfDone(db: Db, updateId: number): Promise<boolean> {
  return db.transaction().execute(async (tx) => {
    const done = await sql<{ id: number }>`
      UPDATE updates SET status = 'sent', sent_at = now(), updated_at = now()
       WHERE id = ${updateId} AND status = 'sending'
         AND NOT EXISTS (SELECT 1 FROM deliveries WHERE update_id = ${updateId} AND status = 'queued')
         AND NOT EXISTS (SELECT 1 FROM send_batches WHERE update_id = ${updateId} AND status = 'open')
      RETURNING id`.execute(tx);
    if (!done.rows[0]) {
      const s = await tx.selectFrom('updates').select('status').where('id', '=', updateId).executeTakeFirst();
      return s?.status === 'sent';
    }
    const counts = await tx.selectFrom('deliveries').select(['status', (eb) => eb.fn.countAll<number>().as('n')]).where('update_id', '=', updateId).groupBy('status').execute();
    await recordAudit(tx, SYSTEM_ACTOR, { action: 'update.sent', subjectType: 'update', subjectId: updateId, details: Object.fromEntries(counts.map((c) => [c.status, c.n])) });
    return true;
  });
}
