import { randomUUID } from 'node:crypto';
import { recordAudit, type Actor } from '../audit/log.ts';
import type { Db } from '../db/connection.ts';
import { echoEmail, validateRow, type Candidate, type RawContact } from './import-rows.ts';
import { upsertContacts } from './import-upsert.ts';

/*
 * One import as a job: the counts, the duplicate check, the batch being filled
 * and its progress, and the audit trail.
 *
 * Valid rows are upserted in batches of BATCH_SIZE, each batch in its own
 * transaction with its own audit entry, so the file is never held in memory and
 * a huge file does not hold one huge transaction.
 *
 * Crash safety and resuming: a crash (or a dropped upload) part-way leaves the
 * batches before it committed and recorded in the audit log
 * (`contacts.import.batch` with its row range). Importing the same file again is
 * an idempotent upsert on the case-insensitive email: rows already imported are
 * updated to the same values, never duplicated, so re-running the whole file is
 * the way to resume.
 */

export const BATCH_SIZE = 1000;

export interface ImportProgress {
  /** Bytes of the CSV read so far (0 for JSON). */
  bytes: number;
  /** Data rows handled so far (landed or rejected). */
  rows: number;
  /** The whole file's size when known (file imports). */
  totalBytes?: number;
}

export interface ImportOptions {
  onProgress?: (p: ImportProgress) => void;
  /** What is imported, for the audit record, e.g. "api:csv" or "file:customers.csv". */
  label?: string;
  batchSize?: number;
  /** When the import happens, if not now (src/clock.ts): stamps the contacts and the audit entries. */
  now?: Date | undefined;
}

export interface Rejection {
  row: number;
  email: string;
  reason: string;
}

/** A row that was imported, but not quite as written or not as the file may have meant it. */
export type ImportWarning = Rejection;

export interface ImportResult {
  created: number;
  updated: number;
  rejected: Rejection[];
  warnings: ImportWarning[];
}

export class ImportRun {
  readonly id = randomUUID();
  created = 0;
  updated = 0;
  rows = 0;
  bytes = 0;
  batches = 0;
  readonly rejected: Rejection[] = [];
  readonly warnings: ImportWarning[] = [];
  private readonly seen = new Map<string, number>();
  private batch: Candidate[] = [];
  private inflight: Promise<void> | undefined;

  constructor(
    private readonly db: Db,
    private readonly actor: Actor,
    private readonly opts: ImportOptions,
  ) {}

  reject(row: number, email: string, reason: string): void {
    this.rows++;
    this.rejected.push({ row, email: echoEmail(email), reason });
  }

  /** Notes something about a row that is imported all the same. */
  warn(row: number, email: string, reason: string): void {
    this.warnings.push({ row, email: echoEmail(email), reason });
  }

  /** Validates a row and queues it for the upsert; false when it is rejected instead. */
  async offer(row: number, raw: RawContact): Promise<boolean> {
    const v = validateRow(row, raw);
    if (typeof v === 'string') {
      this.reject(row, raw.email, v);
      return false;
    }
    const first = this.seen.get(v.key);
    if (first !== undefined) {
      this.reject(row, raw.email, `duplicate of row ${first}`);
      return false;
    }
    this.seen.set(v.key, row);
    this.rows++;
    this.batch.push(v);
    if (this.batch.length >= (this.opts.batchSize ?? BATCH_SIZE)) await this.flush();
    return true;
  }

  /**
   * Hands the filled batch to the database and returns at once, so the next
   * batch is parsed while this one is written. One batch is in flight at a
   * time: the previous one must have committed before the next one starts.
   */
  async flush(): Promise<void> {
    const batch = this.batch;
    if (batch.length === 0) return;
    this.batch = [];
    await this.drain();
    const writing = this.write(batch);
    writing.catch(() => {}); // awaited (and thrown) by the next drain()
    this.inflight = writing;
  }

  /** Waits for the batch in flight, if any; throws its error. */
  async drain(): Promise<void> {
    const writing = this.inflight;
    this.inflight = undefined;
    if (writing) await writing;
  }

  progress(): void {
    this.opts.onProgress?.({ bytes: this.bytes, rows: this.rows });
  }

  /** Upserts a batch in one transaction, with its audit entry. */
  private async write(batch: Candidate[]): Promise<void> {
    let firstRow = Infinity;
    let lastRow = 0;
    for (const c of batch) {
      if (c.row < firstRow) firstRow = c.row;
      if (c.row > lastRow) lastRow = c.row;
    }
    const counts = await this.db.transaction().execute(async (tx) => {
      const { created, updated } = await upsertContacts(tx, batch, this.opts.now);
      await recordAudit(tx, this.actor, {
        action: 'contacts.import.batch',
        subjectType: 'contacts_import',
        subjectId: this.id,
        details: { created, updated, firstRow, lastRow },
        at: this.opts.now,
      });
      return { created, updated };
    });
    this.created += counts.created;
    this.updated += counts.updated;
    this.batches++;
    this.progress();
  }

  async finish(): Promise<ImportResult> {
    await this.flush();
    await this.drain();
    await this.db.transaction().execute((tx) =>
      recordAudit(tx, this.actor, {
        action: 'contacts.import',
        subjectType: 'contacts_import',
        subjectId: this.id,
        details: {
          source: this.opts.label ?? 'import',
          created: this.created,
          updated: this.updated,
          rejected: this.rejected.length,
          warnings: this.warnings.length,
          rows: this.rows,
          batches: this.batches,
        },
        at: this.opts.now,
      }),
    );
    this.progress();
    return { created: this.created, updated: this.updated, rejected: this.rejected, warnings: this.warnings };
  }

  /** Records that an import stopped part-way; the batches before it stay committed. */
  async abandon(err: unknown): Promise<void> {
    await this.drain().catch(() => {});
    if (this.batches === 0) return;
    await this.db
      .transaction()
      .execute((tx) =>
        recordAudit(tx, this.actor, {
          action: 'contacts.import',
          subjectType: 'contacts_import',
          subjectId: this.id,
          details: {
            source: this.opts.label ?? 'import',
            failed: err instanceof Error ? err.message.slice(0, 500) : String(err),
            created: this.created,
            updated: this.updated,
            rejected: this.rejected.length,
            rows: this.rows,
            batches: this.batches,
          },
        }),
      )
      .catch(() => {});
  }
}
