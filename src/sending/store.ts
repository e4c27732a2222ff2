import type { Clock } from '../clock.ts';
import type { Db } from '../db/connection.ts';
import type { UpdateStatus } from '../db/types.ts';
import { claimBatch, deferBatch, failBatch, finishIfDone, heldForQuietHours, nextOpenBatchIn, recordBatchResults, updateStatus, type ClaimedBatch, type Held, type SentDetails } from './batches.ts';
import { loadUpdateForSending, type UpdateForSending } from './compose-email.ts';
import { acquireSendSlot, holdSendsFor } from './rate.ts';
import type { RecipientResult } from './transport.ts';

/**
 * What the send engine asks of storage, and all it asks: the loop in
 * sender.ts decides what to do with a batch, the store claims it and keeps the
 * outcome (as listmonk's manager works behind its store). PostgreSQL is the
 * store tidings runs on; a test may hand the engine another.
 */
export interface SendStore {
  updateStatus(updateId: number): Promise<UpdateStatus | undefined>;
  loadUpdate(updateId: number): Promise<UpdateForSending>;
  claimBatch(updateId: number, worker: string, leaseSeconds: number): Promise<ClaimedBatch | null>;
  recordBatchResults(batch: ClaimedBatch, results: RecipientResult[], details: SentDetails[]): Promise<void>;
  deferBatch(batchId: number, delaySeconds: number, error: string): Promise<void>;
  failBatch(batchId: number, reason: string): Promise<void>;
  /** Milliseconds until some open batch of the update can be claimed; null when none is open. */
  nextOpenBatchIn(updateId: number): Promise<number | null>;
  /** Marks the update sent when nothing is left; whether it is sent, and whether this call sent it. */
  finishIfDone(updateId: number): Promise<{ sent: boolean; now: boolean }>;
  heldForQuietHours(updateId: number): Promise<Held>;
  /** Waits for this worker's turn under the provider rate shared by every worker. */
  acquireSendSlot(requestsPerSecond: number): Promise<void>;
  holdSendsFor(seconds: number): Promise<void>;
}

/** The store on PostgreSQL; with a clock, sends are stamped by it instead of the database's now(). */
export function postgresSendStore(db: Db, clock?: Clock): SendStore {
  return {
    updateStatus: (updateId) => updateStatus(db, updateId),
    loadUpdate: (updateId) => loadUpdateForSending(db, updateId),
    claimBatch: (updateId, worker, leaseSeconds) => claimBatch(db, updateId, worker, leaseSeconds),
    recordBatchResults: (batch, results, details) => recordBatchResults(db, batch, results, details, clock?.()),
    deferBatch: (batchId, delaySeconds, error) => deferBatch(db, batchId, delaySeconds, error),
    failBatch: (batchId, reason) => failBatch(db, batchId, reason),
    nextOpenBatchIn: (updateId) => nextOpenBatchIn(db, updateId),
    finishIfDone: (updateId) => finishIfDone(db, updateId, clock?.()),
    heldForQuietHours: (updateId) => heldForQuietHours(db, updateId),
    acquireSendSlot: (requestsPerSecond) => acquireSendSlot(db, requestsPerSecond),
    holdSendsFor: (seconds) => holdSendsFor(db, seconds),
  };
}
