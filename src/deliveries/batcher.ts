import type { Db, DbOrTx } from '../db/connection.ts';
import { applyProviderEvents } from './apply-events.ts';
import type { EventOutcome, ProviderEvent } from './events.ts';

/** Applies events in the caller's transaction, returning each one's outcome in order. */
export type ApplyEvents = (tx: DbOrTx, events: ProviderEvent[]) => Promise<EventOutcome[]>;

interface Waiting {
  event: ProviderEvent;
  resolve: (o: EventOutcome) => void;
  reject: (err: unknown) => void;
}

/** Events applied in one transaction at most. */
export const MAX_EVENTS_PER_COMMIT = 500;

/** The batch limit of the database batchers made from now on (the benchmark sets 1 for its one-event-per-commit comparison). */
let defaultMaxPerCommit = MAX_EVENTS_PER_COMMIT;
export function setProviderEventBatchLimit(max: number): void {
  defaultMaxPerCommit = Math.max(1, Math.floor(max));
}

/**
 * Group commit for provider webhooks. Every event is on the record in the same
 * transaction as its change (rule 9); one transaction per event would make a
 * WAL flush, and a chain entry, the price of every event. Here, events that
 * arrive while a commit is in progress wait and go together in the next
 * transaction, applied set-wise (applyProviderEvents: a fixed number of
 * statements per batch) and recorded as one group: one chain entry holding the
 * Merkle root of the batch's events, so the chain's lock is taken once per
 * batch, at its end, and held only to the commit. Every request is answered
 * only after its commit, so an event acknowledged to the provider is durable.
 * If the batch fails (an event that fails, a deadlock with another writer, a
 * lost connection), nothing of it is stored and each event is tried again in a
 * transaction of its own, so only a failing event's request fails.
 */
export class ProviderEventBatcher {
  private readonly queue: Waiting[] = [];
  private active = 0;
  private readonly maxPerCommit: number;
  private readonly concurrency: number;

  /**
   * `concurrency`: transactions in progress at once. Two by default: while one
   * waits for its commit (the WAL flush), the next is already being applied,
   * so the database and this process both keep busy.
   */
  constructor(
    private readonly db: Db,
    private readonly apply: ApplyEvents = applyProviderEvents,
    options: { maxPerCommit?: number; concurrency?: number } = {},
  ) {
    this.maxPerCommit = options.maxPerCommit ?? defaultMaxPerCommit;
    this.concurrency = Math.max(1, options.concurrency ?? 2);
  }

  submit(event: ProviderEvent): Promise<EventOutcome> {
    return new Promise<EventOutcome>((resolve, reject) => {
      this.queue.push({ event, resolve, reject });
      this.pump();
    });
  }

  /** Starts a transaction with what is waiting, as long as one may start. */
  private pump(): void {
    while (this.active < this.concurrency && this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxPerCommit);
      this.active++;
      void this.commit(batch).finally(() => {
        this.active--;
        this.pump();
      });
    }
  }

  private async commit(batch: Waiting[]): Promise<void> {
    let results: EventOutcome[];
    try {
      results = await this.db.transaction().execute((tx) => this.apply(tx, batch.map((item) => item.event)));
    } catch {
      // The batch did not commit (an event that fails, a deadlock with another
      // writer, a lost connection): nothing of it is stored. One by one instead,
      // so only a failing event's own request gets the error.
      for (const item of batch) {
        try {
          const [outcome] = await this.db.transaction().execute((tx) => this.apply(tx, [item.event]));
          item.resolve(outcome!);
        } catch (err) {
          item.reject(err);
        }
      }
      return;
    }
    results.forEach((outcome, i) => batch[i]!.resolve(outcome));
  }
}

const batchers = new WeakMap<Db, ProviderEventBatcher>();

/** Records a provider event through the database's group commit (one batcher per connection pool). */
export function recordProviderEventBatched(db: Db, event: ProviderEvent): Promise<EventOutcome> {
  let b = batchers.get(db);
  if (!b) batchers.set(db, (b = new ProviderEventBatcher(db)));
  return b.submit(event);
}
