import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { sql, type RawBuilder } from 'kysely';
import { z } from 'zod';
import { recordAudit, type Actor } from '../audit/log.ts';
import { SUPPORTED_LOCALES } from '../config.ts';
import type { Db } from '../db/connection.ts';
import { invalid } from '../errors.ts';
import { CsvRecordSplitter, type RawRecord } from './csv-records.ts';

/*
 * Contact import: CSV streamed from an upload or a file, or a JSON array.
 *
 * Rows are validated one by one; a bad row is reported (row, email, reason) and
 * the good rows still land. Valid rows are upserted in batches of BATCH_SIZE,
 * each batch in its own transaction with its own audit entry, so the file is
 * never held in memory and a huge file does not hold one huge transaction.
 *
 * Crash safety and resuming: a crash (or a dropped upload) part-way leaves the
 * batches before it committed and recorded in the audit log
 * (`contacts.import.batch` with its row range). Importing the same file again is
 * an idempotent upsert on the case-insensitive email: rows already imported are
 * updated to the same values, never duplicated, so re-running the whole file is
 * the way to resume.
 *
 * Concurrency: each batch locks its rows in one order (sorted by lower-cased
 * email), so two imports that overlap cannot deadlock, and attributes are
 * merged in SQL (`contacts.attributes || EXCLUDED.attributes`) on the locked,
 * latest row version, so two imports setting different attributes on the same
 * contact both survive.
 */

export const BATCH_SIZE = 1000;
export const MAX_NAME = 200;
export const MAX_ATTRIBUTE_NAME = 100;
export const MAX_ATTRIBUTE_VALUE = 1000;
const MAX_EMAIL = 254;
/** How much of a rejected row's email is echoed back. */
const MAX_ECHO = 320;

export type ImportSource =
  | { kind: 'csv'; stream: AsyncIterable<Uint8Array> | ReadableStream<Uint8Array> }
  | { kind: 'json'; rows: unknown[] };

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
}

export interface Rejection {
  row: number;
  email: string;
  reason: string;
}

export interface ImportResult {
  created: number;
  updated: number;
  rejected: Rejection[];
}

type AttributeValue = string | number | boolean;

interface Candidate {
  row: number;
  email: string;
  key: string;
  name: string;
  locale: string | null;
  timezone: string | null;
  attributes: Record<string, AttributeValue>;
}

interface RawContact {
  email: string;
  name: string;
  locale: string;
  timezone: string;
  attributes: Record<string, AttributeValue>;
}

const emailSchema = z.email().max(MAX_EMAIL);
const LOCALES = new Set<string>(SUPPORTED_LOCALES);
const ZONES = new Set(Intl.supportedValuesOf('timeZone'));
const zoneCache = new Map<string, string | null>();

/** The canonical IANA name of a time zone, or null when Intl does not know it. */
export function canonicalTimeZone(tz: string): string | null {
  let hit = zoneCache.get(tz);
  if (hit !== undefined) return hit;
  if (ZONES.has(tz)) hit = tz;
  else {
    // Aliases (UTC, Etc/UTC, US/Eastern) and other spellings Intl accepts.
    try {
      hit = new Intl.DateTimeFormat('en', { timeZone: tz }).resolvedOptions().timeZone;
    } catch {
      hit = null;
    }
  }
  if (zoneCache.size < 10_000) zoneCache.set(tz, hit);
  return hit;
}

// Numbers only when the text reads back the same: "0150" (a Norwegian postcode)
// or a 20-digit account number stays text instead of losing its zeros or digits.
const NUMBER = /^-?(0|[1-9]\d{0,14})(\.\d{1,15})?$/;

/** Types a CSV cell: numbers, true/false, otherwise text; undefined for an empty cell. */
export function typedCell(value: string): AttributeValue | undefined {
  const v = value.trim();
  if (v === '') return undefined;
  if (NUMBER.test(v)) return Number(v);
  const lower = v.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  return v;
}

const echo = (email: string) => (email.length > MAX_ECHO ? email.slice(0, MAX_ECHO) + '…' : email);
const hasNul = (s: string) => s.includes('\u0000');

/** Validates one row; returns the contact or the reason it is refused. */
function validate(row: number, c: RawContact): Candidate | string {
  const email = c.email.trim();
  if (email === '') return 'email is missing';
  if (hasNul(email) || !emailSchema.safeParse(email).success) return 'not a valid email address';
  // .invalid never delivers (RFC 2606); it is where erased contacts' pseudonyms live, and an import must not revive one.
  if (/\.invalid$/i.test(email)) return 'the domain .invalid cannot receive mail';
  const name = c.name.trim();
  if (hasNul(name)) return 'name contains a NUL character, which cannot be stored';
  if (name.length > MAX_NAME) return `name is longer than ${MAX_NAME} characters`;
  if (/[\r\n]/.test(name)) return 'name spans several lines (is a quote unbalanced?)';
  let locale: string | null = null;
  const l = c.locale.trim();
  if (l !== '') {
    locale = l.toLowerCase();
    if (!LOCALES.has(locale)) return `unknown locale "${l}"; use one of ${SUPPORTED_LOCALES.join(', ')}`;
  }
  let timezone: string | null = null;
  const t = c.timezone.trim();
  if (t !== '') {
    timezone = hasNul(t) ? null : canonicalTimeZone(t);
    if (!timezone) return `unknown time zone "${t}"; use an IANA name such as Europe/Oslo`;
  }
  for (const [k, v] of Object.entries(c.attributes)) {
    if (hasNul(k)) return 'an attribute name contains a NUL character, which cannot be stored';
    if (k.length > MAX_ATTRIBUTE_NAME) return `attribute name "${k.slice(0, 40)}…" is longer than ${MAX_ATTRIBUTE_NAME} characters`;
    if (typeof v === 'string') {
      if (hasNul(v)) return `value of "${k}" contains a NUL character, which cannot be stored`;
      if (v.length > MAX_ATTRIBUTE_VALUE) return `value of "${k}" is longer than ${MAX_ATTRIBUTE_VALUE} characters`;
    }
  }
  return { row, email, key: email.toLowerCase(), name, locale, timezone, attributes: c.attributes };
}

/** One import: counts, the duplicate check and the batch being filled. */
class ImportRun {
  readonly id = randomUUID();
  created = 0;
  updated = 0;
  rows = 0;
  bytes = 0;
  batches = 0;
  readonly rejected: Rejection[] = [];
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
    this.rejected.push({ row, email: echo(email.trim()), reason });
  }

  async offer(row: number, raw: RawContact): Promise<void> {
    const v = validate(row, raw);
    if (typeof v === 'string') return this.reject(row, raw.email, v);
    const first = this.seen.get(v.key);
    if (first !== undefined) return this.reject(row, raw.email, `duplicate of row ${first}`);
    this.seen.set(v.key, row);
    this.rows++;
    this.batch.push(v);
    if (this.batch.length >= (this.opts.batchSize ?? BATCH_SIZE)) await this.flush();
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
    // One lock order for every import: overlapping imports wait, never deadlock.
    batch.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    let firstRow = Infinity;
    let lastRow = 0;
    for (const c of batch) {
      if (c.row < firstRow) firstRow = c.row;
      if (c.row > lastRow) lastRow = c.row;
    }
    const counts = await this.db.transaction().execute(async (tx) => {
      const result = await sql<{ inserted: boolean }>`
        INSERT INTO contacts (email, name, locale, timezone, attributes)
        SELECT s.email, s.name, s.locale, s.timezone, s.attributes
        FROM unnest(
          ${batch.map((c) => c.email)}::text[],
          ${batch.map((c) => c.name)}::text[],
          ${batch.map((c) => c.locale ?? 'en')}::text[],
          ${batch.map((c) => c.timezone ?? 'UTC')}::text[],
          ${batch.map((c) => JSON.stringify(c.attributes))}::jsonb[]
        ) WITH ORDINALITY AS s(email, name, locale, timezone, attributes, ord)
        ORDER BY s.ord
        ON CONFLICT (email_lower) DO UPDATE SET
          name = CASE WHEN EXCLUDED.name <> '' THEN EXCLUDED.name ELSE contacts.name END,
          locale = ${keepUnlessGiven('locale', batch, (c) => c.locale !== null)},
          timezone = ${keepUnlessGiven('timezone', batch, (c) => c.timezone !== null)},
          attributes = contacts.attributes || EXCLUDED.attributes,
          updated_at = now()
        RETURNING (xmax = 0) AS inserted`.execute(tx);
      let created = 0;
      for (const r of result.rows) if (r.inserted) created++;
      const updated = result.rows.length - created;
      await recordAudit(tx, this.actor, {
        action: 'contacts.import.batch',
        subjectType: 'contacts_import',
        subjectId: this.id,
        details: { created, updated, firstRow, lastRow },
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
        details: { source: this.opts.label ?? 'import', created: this.created, updated: this.updated, rejected: this.rejected.length, rows: this.rows, batches: this.batches },
      }),
    );
    this.progress();
    return { created: this.created, updated: this.updated, rejected: this.rejected };
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

/**
 * The SET expression for locale/timezone: the file's value where it gave one,
 * the contact's own where the cell was empty. EXCLUDED holds only table columns,
 * so "was it given" travels as the set of emails whose cell was empty.
 */
function keepUnlessGiven(column: 'locale' | 'timezone', batch: Candidate[], given: (c: Candidate) => boolean): RawBuilder<unknown> {
  const col = sql.ref(column);
  const missing = batch.filter((c) => !given(c)).map((c) => c.key);
  if (missing.length === 0) return sql`EXCLUDED.${col}`;
  if (missing.length === batch.length) return sql`contacts.${col}`;
  return sql`CASE WHEN lower(EXCLUDED.email) IN (SELECT unnest(${missing}::text[])) THEN contacts.${col} ELSE EXCLUDED.${col} END`;
}

const KNOWN = ['email', 'name', 'locale', 'timezone'] as const;
type Known = (typeof KNOWN)[number];

interface Header {
  width: number;
  known: Partial<Record<Known, number>>;
  /** Attribute name per column; null for a known column or one without a name. */
  attributes: (string | null)[];
  unnamed: Set<number>;
}

/** Reads the header row; refuses the import (400) when it cannot be used. */
function readHeader(cells: string[]): Header {
  const known: Partial<Record<Known, number>> = {};
  const attributes: (string | null)[] = [];
  const unnamed = new Set<number>();
  const byName = new Map<string, number>();
  cells.forEach((cell, i) => {
    const name = cell.trim();
    attributes.push(null);
    if (name === '') {
      unnamed.add(i);
      return;
    }
    const lower = name.toLowerCase();
    if (byName.has(lower)) throw invalid(`the header names the column "${name}" twice (columns ${byName.get(lower)! + 1} and ${i + 1}); rename or remove one`, { header: name });
    byName.set(lower, i);
    if ((KNOWN as readonly string[]).includes(lower)) known[lower as Known] = i;
    else {
      if (hasNul(name)) throw invalid(`the header of column ${i + 1} contains a NUL character`);
      if (name.length > MAX_ATTRIBUTE_NAME) throw invalid(`the header "${name.slice(0, 40)}…" is longer than ${MAX_ATTRIBUTE_NAME} characters`, { header: name });
      attributes[i] = name;
    }
  });
  if (known.email === undefined) {
    const found = cells.map((c) => c.trim()).filter((c) => c !== '');
    throw invalid(
      `the file has no "email" column; the header row must name one (found: ${found.length ? found.map((f) => `"${f.slice(0, 60)}"`).join(', ') : 'nothing'})`,
      { found },
    );
  }
  return { width: cells.length, known, attributes, unnamed };
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const utf8Lossy = new TextDecoder('utf-8');
const CSV_OPTIONS = { delimiter: ',', relax_column_count: true, record_delimiter: '\n', skip_empty_lines: false, bom: false } as const;

/** A well-formed record, decoded. */
interface Decoded {
  raw: RawRecord;
  text: string;
  badUtf8: boolean;
}

/** Best guess at the email cell of a row that could not be parsed, for the report. */
function guessEmail(bytes: Buffer, header: Header | undefined, delimiter: string): string {
  const idx = header?.known.email ?? 0;
  const cell = utf8Lossy.decode(bytes).split(delimiter)[idx] ?? '';
  return cell.replace(/^\s*"|"\s*$/g, '').trim();
}

async function* chunksOf(stream: AsyncIterable<Uint8Array> | ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  if ('getReader' in stream) {
    const reader = stream.getReader();
    let finished = false;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) {
          finished = true;
          return;
        }
        if (value) yield value;
      }
    } finally {
      // Stopped early (the file was refused): let the sender know we stopped reading.
      if (!finished) await reader.cancel().catch(() => {});
      reader.releaseLock();
    }
  } else {
    for await (const chunk of stream) yield typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
  }
}

async function importCsv(run: ImportRun, stream: AsyncIterable<Uint8Array> | ReadableStream<Uint8Array>): Promise<void> {
  const splitter = new CsvRecordSplitter();
  let header: Header | undefined;
  let delimiter = ',';

  const handle = async (records: RawRecord[]) => {
    // Well-formed records are decoded and parsed together (csv-parse unquotes
    // them); malformed ones are rejected in their place in the row order.
    const ready: Decoded[] = [];
    for (const raw of records) {
      if (raw.error) {
        ready.push({ raw, text: '', badUtf8: false });
        continue;
      }
      let text: string;
      let badUtf8 = false;
      try {
        text = utf8.decode(raw.bytes);
      } catch {
        text = utf8Lossy.decode(raw.bytes);
        badUtf8 = true;
      }
      ready.push({ raw, text, badUtf8 });
    }
    delimiter = String.fromCharCode(splitter.delimiter);
    const wellFormed = ready.filter((d) => !d.raw.error);
    const parsed: string[][] = wellFormed.length ? parse(wellFormed.map((d) => d.text).join('\n'), { ...CSV_OPTIONS, delimiter }) : [];
    if (parsed.length !== wellFormed.length) throw new Error(`CSV split into ${wellFormed.length} records but parsed into ${parsed.length}`);
    let p = 0;
    for (const d of ready) {
      const { row, line } = d.raw;
      if (d.raw.error) {
        if (!header) throw invalid(`the header row is not valid CSV: ${d.raw.error}`);
        run.reject(row, guessEmail(d.raw.bytes, header, delimiter), line === row ? d.raw.error : `${d.raw.error} (line ${line} of the file)`);
        continue;
      }
      const cells = parsed[p++]!;
      if (!header) {
        if (d.badUtf8) throw invalid('the header row is not valid UTF-8; save the file as UTF-8 (in Excel: "CSV UTF-8")');
        header = readHeader(cells);
        continue;
      }
      await offerCells(run, header, row, cells, d.badUtf8);
    }
  };

  for await (const chunk of chunksOf(stream)) {
    run.bytes += chunk.byteLength;
    await handle(splitter.push(chunk));
    run.progress();
  }
  await handle(splitter.end());
  if (!header) throw invalid('the file is empty; it needs a header row naming an "email" column and one row per contact');
}

async function offerCells(run: ImportRun, header: Header, row: number, cells: string[], badUtf8: boolean): Promise<void> {
  const at = (k: Known) => {
    const i = header.known[k];
    return i === undefined ? '' : (cells[i] ?? '');
  };
  if (cells.every((c) => c.trim() === '')) return; // a blank row, e.g. ",,,," at the end of a sheet
  const email = at('email');
  if (badUtf8) return run.reject(row, email, 'not valid UTF-8; save the file as UTF-8 (in Excel: "CSV UTF-8")');
  if (cells.length !== header.width) return run.reject(row, email, `has ${cells.length} values but the header has ${header.width} columns`);
  if (cells.some(hasNul)) return run.reject(row, email, 'contains a NUL character, which cannot be stored');
  const attributes: Record<string, AttributeValue> = {};
  for (let i = 0; i < cells.length; i++) {
    const name = header.attributes[i];
    if (name) {
      const v = typedCell(cells[i]!);
      if (v !== undefined) attributes[name] = v;
    } else if (header.unnamed.has(i) && cells[i]!.trim() !== '') {
      return run.reject(row, email, `column ${i + 1} has a value but no name in the header row`);
    }
  }
  await run.offer(row, { email, name: at('name'), locale: at('locale'), timezone: at('timezone'), attributes });
}

const RESERVED_JSON = new Set(['email', 'name', 'locale', 'timezone', 'attributes']);

/** Reads one JSON row; returns the contact fields or the reason it is refused. */
function jsonRow(value: unknown): RawContact | { email: string; reason: string } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { email: '', reason: 'is not an object with an "email" field' };
  const o = value as Record<string, unknown>;
  const email = typeof o['email'] === 'string' ? o['email'] : '';
  const text = (k: string): string | { email: string; reason: string } => {
    const v = o[k];
    if (v === undefined || v === null) return '';
    if (typeof v !== 'string') return { email, reason: `${k} must be text` };
    return v;
  };
  const fields: Record<string, string> = {};
  for (const k of ['email', 'name', 'locale', 'timezone']) {
    const v = text(k);
    if (typeof v !== 'string') return v;
    fields[k] = v;
  }
  const attributes: Record<string, AttributeValue> = {};
  const take = (k: string, v: unknown): string | undefined => {
    if (v === undefined || v === null || v === '') return undefined; // like an empty cell: not set
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) return `attribute "${k}" must be a finite number`;
      attributes[k] = v;
    } else if (typeof v === 'boolean') attributes[k] = v;
    else if (typeof v === 'string') {
      if (v.trim() === '') return undefined;
      attributes[k] = v.trim();
    } else return `attribute "${k}" must be text, a number or true/false`;
    return undefined;
  };
  for (const [k, v] of Object.entries(o)) {
    if (RESERVED_JSON.has(k)) continue;
    const why = take(k, v);
    if (why) return { email, reason: why };
  }
  const nested = o['attributes'];
  if (nested !== undefined && nested !== null) {
    if (typeof nested !== 'object' || Array.isArray(nested)) return { email, reason: 'attributes must be an object' };
    for (const [k, v] of Object.entries(nested as Record<string, unknown>)) {
      const why = take(k, v);
      if (why) return { email, reason: why };
    }
  }
  return { email: fields['email']!, name: fields['name']!, locale: fields['locale']!, timezone: fields['timezone']!, attributes };
}

/**
 * Imports contacts from a CSV stream or a JSON array. Refuses the whole import
 * (AppError validation_failed) only when the file cannot be read as contacts at
 * all (no header, no email column, a column named twice); every other problem
 * rejects just its row.
 */
export async function importContacts(db: Db, actor: Actor, source: ImportSource, opts: ImportOptions = {}): Promise<ImportResult> {
  const run = new ImportRun(db, actor, { label: source.kind, ...opts });
  try {
    if (source.kind === 'csv') await importCsv(run, source.stream);
    else {
      for (let i = 0; i < source.rows.length; i++) {
        const r = jsonRow(source.rows[i]);
        if ('reason' in r) run.reject(i + 1, r.email, r.reason);
        else await run.offer(i + 1, r);
        if ((i + 1) % BATCH_SIZE === 0) run.progress();
      }
    }
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
