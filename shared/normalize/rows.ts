// Counts records in normalised text as it streams, so counts can be reconciled downstream.
import type { RecordKind } from './source-rows.js';

const LF = 0x0a;
const QUOTE = 0x22;

export interface RowCounter {
  push(buf: Buffer): void;
  /** Non-empty records seen, the last one included even without a final LF. */
  records(): number;
}

/** Non-empty lines: one record per line (jsonl, fixed-width). */
export class LineCounter implements RowCounter {
  private count = 0;
  private lineBytes = 0;
  push(buf: Buffer): void {
    let from = 0;
    for (let lf = buf.indexOf(LF); lf !== -1; lf = buf.indexOf(LF, from)) {
      if (this.lineBytes + lf - from > 0) this.count++;
      this.lineBytes = 0;
      from = lf + 1;
    }
    this.lineBytes += buf.length - from;
  }
  records(): number {
    return this.count + (this.lineBytes > 0 ? 1 : 0);
  }
}

const SPACE = 0x20;
const TAB = 0x09;
const CR = 0x0d;

/**
 * RFC 4180 records: an LF inside a quoted field does not end the record. A quote opens a quoted field only at the
 * start of a field (as parsers do), so `5" screen` in an unquoted field is literal; `""` inside quotes is an escape.
 * Also counts blank records — every field empty or whitespace (`,,,,`), as layout.ts's `isBlankRow` judges a parsed row.
 */
export class DelimitedRecordCounter implements RowCounter {
  private count = 0;
  private blank = 0;
  private recordBytes = 0;
  /** The record being read has a byte that makes a field non-blank. */
  private content = false;
  private inQuotes = false;
  /** Saw a quote inside a quoted field; the next byte decides whether it closed the field or was escaped. */
  private quotePending = false;
  /** Last byte of the previous chunk; LF at the start so the first field starts a record. */
  private prev = LF;

  /** `onRecord` hears of every record that ends with a LF, empty lines included (source-rows.ts numbers them). */
  constructor(
    private readonly delimiter: number,
    private readonly onRecord?: (kind: RecordKind) => void,
  ) {}

  push(buf: Buffer): void {
    const len = buf.length;
    let i = 0;
    // Cached next LF / quote positions: rescanning a line for every quote would be quadratic in its length.
    let nextLf = -2;
    let nextQuote = -2;
    while (i < len) {
      if (this.quotePending) {
        this.quotePending = false;
        if (buf[i] === QUOTE) {
          // An escaped quote: a quote character in the value.
          this.content = true;
          this.recordBytes++;
          i++;
          continue;
        }
        this.inQuotes = false;
      }
      if (this.inQuotes) {
        const q = buf.indexOf(QUOTE, i);
        const end = q === -1 ? len : q + 1;
        if (!this.content) this.content = hasContent(buf, i, q === -1 ? len : q, -1);
        this.recordBytes += end - i;
        i = end;
        if (q !== -1) this.quotePending = true;
        continue;
      }
      if (nextLf !== -1 && nextLf < i) nextLf = buf.indexOf(LF, i);
      if (nextQuote !== -1 && nextQuote < i) nextQuote = buf.indexOf(QUOTE, i);
      if (nextQuote !== -1 && (nextLf === -1 || nextQuote < nextLf)) {
        const before = nextQuote === 0 ? this.prev : buf[nextQuote - 1];
        this.inQuotes = before === LF || before === this.delimiter;
        // A quote that opens nothing is a literal character of the value.
        if (!this.content) this.content = !this.inQuotes || hasContent(buf, i, nextQuote, this.delimiter);
        this.recordBytes += nextQuote + 1 - i;
        i = nextQuote + 1;
      } else if (nextLf !== -1) {
        if (!this.content) this.content = hasContent(buf, i, nextLf, this.delimiter);
        if (this.recordBytes + nextLf - i > 0) this.endRecord();
        else this.onRecord?.('empty');
        this.recordBytes = 0;
        this.content = false;
        i = nextLf + 1;
      } else {
        if (!this.content) this.content = hasContent(buf, i, len, this.delimiter);
        this.recordBytes += len - i;
        i = len;
      }
    }
    if (len > 0) this.prev = buf[len - 1] ?? LF;
  }

  private endRecord(): void {
    this.count++;
    if (!this.content) this.blank++;
    this.onRecord?.(this.content ? 'content' : 'blank');
  }

  records(): number {
    return this.count + (this.recordBytes > 0 ? 1 : 0);
  }

  /** Records with every field empty or whitespace, the last one included even without a final LF. */
  blankRecords(): number {
    return this.blank + (this.recordBytes > 0 && !this.content ? 1 : 0);
  }
}

/** A byte in `buf[from, to)` other than whitespace and the delimiter (`-1`: inside quotes, where it is content). */
function hasContent(buf: Buffer, from: number, to: number, delimiter: number): boolean {
  for (let i = from; i < to; i++) {
    const b = buf[i];
    if (b !== SPACE && b !== TAB && b !== CR && b !== delimiter) return true;
  }
  return false;
}
