import { PassThrough, Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';

/**
 * A CSV document as a stream: one line naming what was exported, then the
 * column header, then the rows, fetched chunk by chunk as the reader drains
 * them (back-pressure goes all the way to the keyset queries), so a million
 * rows never sit in memory at once.
 */
export function csvStream(description: string, columns: readonly string[], records: AsyncIterable<string[]>): ReadableStream<Uint8Array> {
  const out = new PassThrough();
  // A spreadsheet shows this line as a first row; csv-parse skips it with { comment: '#' }.
  // Fields holding a '#' are quoted (quoted_match), so that option never cuts a value short.
  out.write(`# ${description.replace(/[\r\n]+/g, ' ')}\n`);
  pipeline(Readable.from(records), stringify({ header: true, columns: [...columns], quoted_match: '#' }), out).catch((err: unknown) => {
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
