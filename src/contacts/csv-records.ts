/**
 * Splits a CSV byte stream into records before csv-parse sees them.
 *
 * Why not let csv-parse do it alone: with `skip_records_with_error` csv-parse
 * skips a broken record, but it does not resynchronise. A quote that opens and
 * never closes swallows every following line up to the end of the file (they
 * vanish without a trace), and an "invalid closing quote" leaves the parser
 * inside a quoted value so that the next good rows are lost as well. For an
 * importer whose promise is "valid rows land, every other row is reported",
 * that is not acceptable.
 *
 * This splitter follows exactly the grammar csv-parse uses with `relax_quotes`
 * (quote `"`, escape `""`, a quote opens a quoted value only at the start of a
 * field, a closing quote must be followed by the delimiter or a line break, and
 * a quote inside a value that does not start with one is an ordinary character,
 * as spreadsheet programs read it) and cuts the stream into records. A
 * well-formed record is handed on unchanged, so csv-parse never meets a quoting
 * error; the columns where a quote was taken literally travel with it, so the
 * import can say so. A malformed record is reported with its row and line
 * number and the reason, and scanning resumes on the next line.
 *
 * A quoted value may span lines (spreadsheets write a line break in a cell that
 * way). Whether its quote was unbalanced shows in how the record ends: a closing
 * quote followed by more text, a record with another number of values than the
 * header, or the end of the file inside the quote. Then the row where the quote
 * opened is blamed and the lines it ran into are scanned again as rows of their
 * own, so no valid row is lost to it.
 *
 * Works on bytes: the delimiter, quote and line breaks are ASCII, and in UTF-8
 * no byte of a multi-byte character is ASCII, so cutting on bytes is safe even
 * before the bytes are known to be valid UTF-8. Memory stays bounded: at most
 * one record (limited to MAX_RECORD_BYTES) plus the current chunk is held.
 */

const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
const COMMA = 0x2c;
const SEMICOLON = 0x3b;

const FIELD_START = 0;
const UNQUOTED = 1;
const QUOTED = 2;
const QUOTE_IN_QUOTED = 3;
const SKIP_LINE = 4;

/** A quoted value may legitimately span lines, but not this many. */
export const MAX_LINES_IN_VALUE = 100;
/** No sensible contact row is this long; a longer "row" is a wrong file or a runaway quote. */
export const MAX_RECORD_BYTES = 256 * 1024;
/** How much of a malformed row is kept to show which row it was. */
const HEAD_BYTES = 1024;

export interface RawRecord {
  /** Row as a spreadsheet shows it: every record (blank ones too) is one row, the first is row 1. */
  row: number;
  /** Physical line of the file where the record starts (differs from row after multi-line values). */
  line: number;
  /** The record's bytes without its line break; for a malformed record, its first bytes. */
  bytes: Buffer;
  /** Set when the record is not valid CSV: why. */
  error?: string;
  /** For a quote that never closes properly: the column (1-based) where it opened, and whether it ran over line breaks. */
  openQuote?: { column: number; ranOn: boolean };
  /** Columns (1-based) whose value does not start with a quote but holds one, taken literally. */
  looseQuotes?: number[];
}

export class CsvRecordSplitter {
  private buf: Buffer = Buffer.alloc(0);
  private pos = 0;
  private start = 0;
  private state = FIELD_START;
  private row = 1;
  private line = 1;
  /** Line breaks crossed inside quoted values of the current record. */
  private extraLines = 0;
  /** Offset of the first line break inside a quoted value of the current record, and its length. */
  private firstBreak = -1;
  private firstBreakLen = 0;
  private skipError = '';
  private skipHead: Buffer = Buffer.alloc(0);
  private skipQuote: RawRecord['openQuote'];
  /** The current value's column (0-based) in the record, and the column of the quoted value at firstBreak. */
  private field = 0;
  private fieldAtBreak = 0;
  private loose: number[] = [];
  /** Values in the header record; -1 until it is read. */
  private width = -1;
  private began = false;
  /** The field delimiter: a comma, or a semicolon when the first line uses only those (Excel in nb, sv, nl, hu). */
  delimiter = COMMA;

  /** Feeds the next chunk; returns the records it completed, in order. */
  push(chunk: Uint8Array): RawRecord[] {
    // Copied: the records handed out must not change if the caller reuses its chunk.
    this.buf = this.buf.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.buf, chunk]);
    const out: RawRecord[] = [];
    this.run(false, out);
    return out;
  }

  /** Ends the input; returns the last records. */
  end(): RawRecord[] {
    const out: RawRecord[] = [];
    this.run(true, out);
    return out;
  }

  private run(final: boolean, out: RawRecord[]): void {
    if (!this.began && !this.begin(final)) return;
    for (;;) {
      this.scan(final, out);
      if (!final || this.pos < this.buf.length) break;
      // End of input inside a record.
      if (this.state === QUOTED && this.extraLines > 0) {
        this.pos = this.rewind(out, 'is still open at the end of the file');
        continue;
      }
      if (this.state === QUOTED) this.failHere('is still open at the end of the file', this.buf.length, { column: this.field + 1, ranOn: false });
      else if (this.state !== SKIP_LINE && this.start < this.buf.length && this.wrongWidth()) {
        this.pos = this.rewind(out, this.widthReason());
        continue;
      }
      if (this.state === SKIP_LINE || this.start < this.buf.length) this.emit(this.buf.length, out);
      break;
    }
    this.compact();
  }

  /** Strips a UTF-8 byte-order mark and picks the delimiter from the first line. */
  private begin(final: boolean): boolean {
    const b = this.buf;
    let nl = b.indexOf(LF);
    if (nl < 0) nl = b.indexOf(CR);
    if (nl < 0 && !final && b.length < 64 * 1024) return false;
    const first = b.subarray(0, nl < 0 ? b.length : nl);
    if (first.length >= 3 && first[0] === 0xef && first[1] === 0xbb && first[2] === 0xbf) this.pos = this.start = 3;
    if (first.indexOf(COMMA) < 0 && first.indexOf(SEMICOLON) >= 0) this.delimiter = SEMICOLON;
    this.began = true;
    return true;
  }

  private scan(final: boolean, out: RawRecord[]): void {
    const b = this.buf;
    const delim = this.delimiter;
    let i = this.pos;
    while (i < b.length) {
      const c = b[i]!;
      if (c === LF || c === CR) {
        let len = 1;
        if (c === CR) {
          if (i + 1 >= b.length) {
            if (!final) break; // a CR at the end of a chunk: wait to see whether LF follows
          } else if (b[i + 1] === LF) len = 2;
        }
        if (this.state === QUOTED) {
          if (this.firstBreak < 0) {
            this.firstBreak = i;
            this.firstBreakLen = len;
            this.fieldAtBreak = this.field;
          }
          this.extraLines++;
          if (this.extraLines > MAX_LINES_IN_VALUE) {
            i = this.rewind(out, `runs on for more than ${MAX_LINES_IN_VALUE} lines`);
            continue;
          }
          i += len;
          continue;
        }
        if (this.state !== SKIP_LINE && this.wrongWidth()) {
          i = this.rewind(out, this.widthReason());
          continue;
        }
        this.emit(i, out);
        i += len;
        this.next(i);
        continue;
      }
      switch (this.state) {
        case FIELD_START:
          if (c === QUOTE) this.state = QUOTED;
          else if (c === delim) this.field++;
          else this.state = UNQUOTED;
          break;
        case UNQUOTED:
          if (c === delim) {
            this.state = FIELD_START;
            this.field++;
          } else if (c === QUOTE && this.loose.at(-1) !== this.field + 1) this.loose.push(this.field + 1);
          break;
        case QUOTED:
          if (c === QUOTE) this.state = QUOTE_IN_QUOTED;
          break;
        case QUOTE_IN_QUOTED:
          if (c === QUOTE) this.state = QUOTED;
          else if (c === delim) {
            this.state = FIELD_START;
            this.field++;
          } else {
            const r = this.fail(i, out, 'unbalanced quote: text after the closing quote of a value');
            if (r >= 0) {
              i = r;
              continue;
            }
          }
          break;
        default:
          break;
      }
      i++;
      if (this.state !== SKIP_LINE && i - this.start > MAX_RECORD_BYTES) {
        if (this.extraLines > 0) {
          i = this.rewind(out, `is still open after ${MAX_RECORD_BYTES / 1024} KiB`);
          continue;
        }
        this.failHere(`the row is longer than ${MAX_RECORD_BYTES / 1024} KiB`, i);
      }
    }
    this.pos = i;
  }

  /**
   * A malformed record. On its first line: skip to the end of that line. After
   * a quoted value crossed lines: blame the first line and scan the rest again.
   * Returns the position to continue from, or -1 to go on scanning (skipping).
   */
  private fail(i: number, out: RawRecord[], reason: string): number {
    if (this.extraLines > 0) return this.rewind(out, 'runs on over the next lines and closes in the middle of a value');
    this.failHere(reason, i);
    return -1;
  }

  private failHere(reason: string, i = this.buf.length, openQuote?: RawRecord['openQuote']): void {
    this.skipError = reason;
    this.skipQuote = openQuote;
    this.skipHead = Buffer.from(this.buf.subarray(this.start, Math.min(i, this.start + HEAD_BYTES)));
    this.state = SKIP_LINE;
  }

  /** A record whose quoted value ran over line breaks, ending with another number of values than the header: its quote was unbalanced. */
  private wrongWidth(): boolean {
    return this.extraLines > 0 && this.width >= 0 && this.field + 1 !== this.width;
  }

  private widthReason(): string {
    return `runs on over ${this.extraLines + 1} lines into a record of ${this.field + 1} values where the header has ${this.width}`;
  }

  /**
   * Reports the current record's first line as malformed (its quote, opened
   * there, is unbalanced: `reason` says how that showed) and restarts scanning
   * on the line after it.
   */
  private rewind(out: RawRecord[], reason: string): number {
    const b = this.buf;
    const bytes = b.subarray(this.start, Math.min(this.firstBreak, this.start + HEAD_BYTES));
    const resume = this.firstBreak + this.firstBreakLen;
    out.push({ row: this.row, line: this.line, bytes, error: reason, openQuote: { column: this.fieldAtBreak + 1, ranOn: resume < b.length } });
    this.extraLines = 0; // the record was one line long after all
    this.next(resume);
    return resume;
  }

  private emit(end: number, out: RawRecord[]): void {
    if (this.state === SKIP_LINE) {
      out.push({ row: this.row, line: this.line, bytes: this.skipHead, error: this.skipError, ...(this.skipQuote ? { openQuote: this.skipQuote } : {}) });
    } else if (end > this.start) {
      out.push({ row: this.row, line: this.line, bytes: this.buf.subarray(this.start, end), ...(this.loose.length ? { looseQuotes: this.loose } : {}) });
      if (this.width < 0) this.width = this.field + 1;
    }
  }

  /** Starts the next record at offset `at`. */
  private next(at: number): void {
    this.row++;
    this.line += this.extraLines + 1;
    this.start = at;
    this.state = FIELD_START;
    this.extraLines = 0;
    this.firstBreak = -1;
    this.firstBreakLen = 0;
    this.skipError = '';
    this.skipQuote = undefined;
    this.field = 0;
    this.loose = [];
  }

  /** Drops bytes no longer needed so that memory holds one record at most. */
  private compact(): void {
    const keepFrom = this.state === SKIP_LINE ? this.pos : this.start;
    if (keepFrom === 0) return;
    this.buf = Buffer.from(this.buf.subarray(keepFrom));
    this.pos -= keepFrom;
    this.start -= keepFrom;
    if (this.firstBreak >= 0) this.firstBreak -= keepFrom;
  }
}
