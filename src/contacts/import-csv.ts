import { parse } from 'csv-parse/sync';
import { AppError, invalid } from '../errors.ts';
import { CsvRecordSplitter, type RawRecord } from './csv-records.ts';
import type { ImportRun } from './import-run.ts';
import { controlCharacterProblem } from '../control-characters.ts';
import { MAX_ATTRIBUTE_NAME, typedCell, type AttributeValue } from './import-rows.ts';

/*
 * Reading a CSV import as it streams in: records are split off the bytes as
 * they arrive (csv-records.ts), decoded, parsed, and offered to the run row by
 * row. The header row decides which column is which; a header that cannot be
 * used refuses the whole import, a bad data row only itself. A double quote
 * inside a value that does not start with one is taken literally, as
 * spreadsheet programs take it, and the row is listed as a warning.
 */

export type ByteStream = AsyncIterable<Uint8Array> | ReadableStream<Uint8Array>;

const KNOWN = ['email', 'name', 'locale', 'timezone'] as const;
type Known = (typeof KNOWN)[number];

interface Header {
  width: number;
  known: Partial<Record<Known, number>>;
  /** Each column's name as the header gives it, trimmed. */
  names: string[];
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
    if (byName.has(lower)) throw AppError.localized('validation_failed', 'contacts.columnTwice', { name, first: String(byName.get(lower)! + 1), second: String(i + 1) }).with({ details: { header: name } });
    byName.set(lower, i);
    if ((KNOWN as readonly string[]).includes(lower)) known[lower as Known] = i;
    else {
      const problem = controlCharacterProblem(name);
      if (problem) throw invalid(`the header of column ${i + 1} ${problem}`);
      if (name.length > MAX_ATTRIBUTE_NAME) throw invalid(`the header "${name.slice(0, 40)}…" is longer than ${MAX_ATTRIBUTE_NAME} characters`, { header: name });
      attributes[i] = name;
    }
  });
  if (known.email === undefined) {
    const found = cells.map((c) => c.trim()).filter((c) => c !== '');
    const refusal = found.length
      ? AppError.localized('validation_failed', 'contacts.noEmailColumn', { found: found.map((f) => `"${f.slice(0, 60)}"`).join(', ') })
      : AppError.localized('validation_failed', 'contacts.noEmailColumnNothing');
    throw refusal.with({ details: { found } });
  }
  return { width: cells.length, known, names: cells.map((c) => c.trim()), attributes, unnamed };
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const utf8Lossy = new TextDecoder('utf-8');
// relax_quotes: a quote inside a value that does not start with one is kept, as the splitter keeps it.
const CSV_OPTIONS = { delimiter: ',', relax_column_count: true, relax_quotes: true, record_delimiter: '\n', skip_empty_lines: false, bom: false } as const;

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

const columnName = (header: Header | undefined, column: number) => {
  const name = header?.names[column - 1];
  return name ? `${column} (${name})` : String(column);
};

/** Why a malformed record is rejected; an unbalanced quote names the row and column where it opened. */
function malformedReason({ row, line, error, openQuote }: RawRecord, header: Header | undefined): string {
  const onLine = line === row ? '' : ` (line ${line} of the file)`;
  if (!openQuote) return `${error}${onLine}`;
  const name = header?.names[openQuote.column - 1];
  const where = `column ${openQuote.column}${name ? `, ${name}` : ''}${onLine ? `; line ${line} of the file` : ''}`;
  const after = openQuote.ranOn ? '; the lines after it were read as rows of their own' : '';
  return `unbalanced quote: the quoted value that starts in row ${row} (${where}) ${error}${after}`;
}

/** The warning for a row whose values hold a quote that was taken literally. */
function looseQuoteWarning(header: Header, columns: number[]): string {
  const named = columns.map((c) => columnName(header, c));
  const list = named.length === 1 ? `column ${named[0]} holds` : `columns ${named.slice(0, -1).join(', ')} and ${named.at(-1)} hold`;
  return `${list} a double quote inside a value that does not start with one; it was kept as written (to quote a value, start and end it with " and double every quote inside it)`;
}

async function* chunksOf(stream: ByteStream): AsyncGenerator<Uint8Array> {
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

/** Reads a CSV stream into the run; throws validation_failed when the file cannot be read as contacts. */
export async function readCsv(run: ImportRun, stream: ByteStream): Promise<void> {
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
      const { row } = d.raw;
      if (d.raw.error) {
        if (!header) throw invalid(`the header row is not valid CSV: ${malformedReason(d.raw, header)}`);
        run.reject(row, guessEmail(d.raw.bytes, header, delimiter), malformedReason(d.raw, header));
        continue;
      }
      const cells = parsed[p++]!;
      if (!header) {
        if (d.badUtf8) throw AppError.localized('validation_failed', 'contacts.headerNotUtf8');
        header = readHeader(cells);
        continue;
      }
      await offerCells(run, header, row, cells, d.badUtf8, d.raw.looseQuotes);
    }
  };

  for await (const chunk of chunksOf(stream)) {
    run.bytes += chunk.byteLength;
    await handle(splitter.push(chunk));
    run.progress();
  }
  await handle(splitter.end());
  if (!header) throw AppError.localized('validation_failed', 'contacts.fileEmpty');
}

async function offerCells(run: ImportRun, header: Header, row: number, cells: string[], badUtf8: boolean, looseQuotes?: number[]): Promise<void> {
  const at = (k: Known) => {
    const i = header.known[k];
    return i === undefined ? '' : (cells[i] ?? '');
  };
  if (cells.every((c) => c.trim() === '')) return; // a blank row, e.g. ",,,," at the end of a sheet
  const email = at('email');
  if (badUtf8) return run.reject(row, email, 'not valid UTF-8; save the file as UTF-8 (in Excel: "CSV UTF-8")');
  if (cells.length !== header.width) return run.reject(row, email, `has ${cells.length} values but the header has ${header.width} columns`);
  for (let i = 0; i < cells.length; i++) {
    const problem = controlCharacterProblem(cells[i]!);
    if (problem) return run.reject(row, email, `column ${i + 1} ${problem}`);
  }
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
  const landed = await run.offer(row, { email, name: at('name'), locale: at('locale'), timezone: at('timezone'), attributes });
  if (landed && looseQuotes) run.warn(row, email, looseQuoteWarning(header, looseQuotes));
}
