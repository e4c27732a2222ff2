import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Actor } from '../audit/log.ts';
import type { Db } from '../db/connection.ts';
import { readCsv, type ByteStream } from './import-csv.ts';
import { readJson } from './import-json.ts';
import { ImportRun, type ImportOptions, type ImportProgress, type ImportResult } from './import-run.ts';

/*
 * Contact import: CSV streamed from an upload or a file, or a JSON array.
 *
 * Rows are validated one by one (import-rows.ts); a bad row is reported (row,
 * email, reason) and the good rows still land, upserted in batches
 * (import-upsert.ts) by the run that tracks the job (import-run.ts).
 */

export { BATCH_SIZE, type ImportOptions, type ImportProgress, type ImportResult, type ImportWarning, type Rejection } from './import-run.ts';
export { canonicalTimeZone, IMPORT_COLUMNS_HELP, MAX_ATTRIBUTE_NAME, MAX_ATTRIBUTE_VALUE, MAX_NAME, typedCell } from './import-rows.ts';

export type ImportSource = { kind: 'csv'; stream: ByteStream } | { kind: 'json'; rows: unknown[] };

/**
 * Imports contacts from a CSV stream or a JSON array. Refuses the whole import
 * (AppError validation_failed) only when the file cannot be read as contacts at
 * all (no header, no email column, a column named twice); every other problem
 * rejects just its row.
 */
export async function importContacts(db: Db, actor: Actor, source: ImportSource, opts: ImportOptions = {}): Promise<ImportResult> {
  const run = new ImportRun(db, actor, { label: source.kind, ...opts });
  try {
    if (source.kind === 'csv') await readCsv(run, source.stream);
    else await readJson(run, source.rows);
    return await run.finish();
  } catch (err) {
    await run.abandon(err);
    throw err;
  }
}

/** Streams a CSV file from disk (the CLI's `tidings import FILE`), reporting bytes read of the file's size. */
export async function importCsvFile(db: Db, actor: Actor, filePath: string, onProgress?: (p: Required<ImportProgress>) => void): Promise<ImportResult> {
  const { size } = await stat(filePath);
  const stream = createReadStream(filePath, { highWaterMark: 256 * 1024 });
  try {
    return await importContacts(db, actor, { kind: 'csv', stream }, {
      label: `file:${path.basename(filePath)}`,
      ...(onProgress ? { onProgress: (p: ImportProgress) => onProgress({ bytes: p.bytes, rows: p.rows, totalBytes: size }) } : {}),
    });
  } finally {
    stream.destroy();
  }
}
