import { PassThrough, Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';

/** A cell of an export: text, or a number (written as it is, a minus sign included). Dates come as ISO 8601 text. */
export type CsvCell = string | number;

/** What a spreadsheet takes for the start of a formula, the full-width forms Apple Numbers folds in too. */
const FORMULA = '=+\\-@\\t\\r\\uFF1D\\uFF0B\\uFF0D\\uFF20';
/**
 * A formula character that a separator puts at the start of a cell: Excel set
 * to nb, sv, nl or hu splits a CSV at semicolons, whatever the quotes, so
 * "a;=cmd" there is a cell "=cmd" (OWASP: mind the separators, not only the
 * first character).
 */
const AFTER_SEMICOLON = new RegExp(`(;[\\s"]*)(?=[${FORMULA}])`, 'g');
/** The describing line is not quoted: any comma or semicolon in it starts a cell. */
const AFTER_SEPARATOR = new RegExp(`([,;][\\s"]*)(?=[${FORMULA}])`, 'g');

/**
 * Formula injection, in this one place for every export (OWASP): a text cell
 * starting with = + - @ tab or CR gets a single quote in front (csv-stringify's
 * own `escape_formulas`; numbers are passed as numbers, so "-3" stays a number),
 * and so does a formula character right after a semicolon inside a text.
 */
const STRINGIFY_OPTIONS = {
  escape_formulas: true,
  cast: { string: (value: string) => value.replace(AFTER_SEMICOLON, "$1'") },
  // Fields holding a '#' are quoted, so csv-parse's { comment: '#' } never cuts a value short.
  quoted_match: '#',
} as const;

/** The first line: one line, '#' first, and no cell of it (as a spreadsheet cuts it) starting a formula. */
function describingLine(description: string): string {
  return `# ${description.replace(/[\r\n\t]+/g, ' ').replace(AFTER_SEPARATOR, "$1'")}\n`;
}

/**
 * A CSV document as a stream: one line naming what was exported, then the
 * column header, then the rows, fetched chunk by chunk as the reader drains
 * them (back-pressure goes all the way to the keyset queries), so a million
 * rows never sit in memory at once.
 */
export function csvStream(description: string, columns: readonly string[], records: AsyncIterable<readonly CsvCell[]>): ReadableStream<Uint8Array> {
  const out = new PassThrough();
  // A spreadsheet shows this line as a first row; csv-parse skips it with { comment: '#' }.
  out.write(describingLine(description));
  pipeline(Readable.from(records), stringify({ header: true, columns: [...columns], ...STRINGIFY_OPTIONS }), out).catch((err: unknown) => {
    // The status line is long gone; the reader sees a cut-off document and the error says why.
    out.destroy(err instanceof Error ? err : new Error(String(err)));
  });
  return Readable.toWeb(out) as ReadableStream<Uint8Array>;
}

/** Headers for a CSV download named `tidings-<what>-<time>.csv`, never cached. */
export function csvDownloadHeaders(what: string, at: Date): Record<string, string> {
  const stamp = at.toISOString().slice(0, 19).replace(/[:T]/g, '-');
  return {
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': `attachment; filename="tidings-${what}-${stamp}.csv"`,
    'Cache-Control': 'no-store',
  };
}
