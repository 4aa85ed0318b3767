import { stringify } from 'csv-stringify/sync';
import { neutraliseFormula } from './formula.js';
import { cellOf, type Cell, type Row } from './rows.js';
import { TokenKind, type ScannedRecord } from './jsonl-scan.js';
import { ObjectSink, type SinkOptions } from './sink.js';

/**
 * A page's output as bytes: rows are encoded as they are added, straight into one buffer (no per-row strings to
 * collect), and the buffer is handed to the upload whole at the end of the page.
 */
class Bytes {
  buf: Buffer;
  length = 0;

  constructor(capacity: number) {
    this.buf = Buffer.allocUnsafe(capacity);
  }

  private grow(need: number): void {
    if (this.length + need <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.length + need));
    this.buf.copy(next, 0, 0, this.length);
    this.buf = next;
  }

  /** Bytes [start, end) of `src`; short ranges are copied in a loop, cheaper than a native call each. */
  copy(src: Uint8Array, start: number, end: number): void {
    const n = end - start;
    this.grow(n);
    const buf = this.buf;
    let at = this.length;
    if (n < 64) for (let i = start; i < end; i++) buf[at++] = src[i]!;
    else buf.set(src.subarray(start, end), at);
    this.length += n;
  }

  byte(b: number): void {
    this.grow(1);
    this.buf[this.length++] = b;
  }

  utf8(text: string): void {
    this.grow(text.length * 3);
    this.length += this.buf.write(text, this.length, 'utf8');
  }
}

/** Rows into one object, a page at a time: a writer holds the current page's output only. */
export abstract class RowWriter {
  count = 0;
  protected out = new Bytes(64 * 1024);
  private spare: Bytes | undefined;
  private readonly sink: ObjectSink;

  constructor(sink: SinkOptions) {
    this.sink = new ObjectSink(sink);
  }

  get key(): string {
    return this.sink.key;
  }

  add(row: Row): void {
    this.out.utf8(this.line(row));
    this.count++;
  }

  /** A valid record read by the page scanner, its columns in the writer's order: `_id`, then the fields. */
  addScanned(record: ScannedRecord): void {
    this.encodeScanned(record);
    this.count++;
  }

  /** Writes the rows added so far; waits while the upload catches up. */
  async flush(): Promise<void> {
    const out = this.out;
    if (out.length === 0) return;
    // Rows may be added while the sink copies (the valid and the invalid reads share the outbox with `include: all`):
    // they go to the other buffer. The sink has copied a buffer once `write` settles, so the two are reused page
    // after page rather than a page-sized buffer allocated for each (~100 of 4 MiB at 1M records).
    this.out = this.spare ?? new Bytes(out.buf.length);
    this.spare = undefined;
    await this.sink.write(out.buf.subarray(0, out.length));
    out.length = 0;
    this.spare = out;
  }

  async end(): Promise<void> {
    await this.flush();
    await this.sink.end();
  }

  abort(): Promise<void> {
    return this.sink.abort();
  }

  /** The text the rows add to the object (after anything added before): the pure part, for tests. */
  protected render(rows: Row[]): string {
    for (const row of rows) this.add(row);
    const text = this.out.buf.toString('utf8', 0, this.out.length);
    this.out.length = 0;
    return text;
  }

  /** One row as its line, newline included. */
  protected abstract line(row: Row): string;
  protected abstract encodeScanned(record: ScannedRecord): void;
}

/** The value of a token that is not copied as is, as the object path reads it. */
function decoded(src: Buffer, start: number, end: number): Cell {
  return cellOf(JSON.parse(src.toString('utf8', start, end)));
}

/** JSON Lines: one record object per line, keys in column order (`_id`, then the fields). */
export class JsonlWriter extends RowWriter {
  /** `,"<field>":` per field, as bytes. */
  private readonly keys: Buffer[];

  constructor(sink: SinkOptions, columns: { fields: readonly string[] }) {
    super(sink);
    this.keys = columns.fields.map((f) => Buffer.from(`,${JSON.stringify(f)}:`));
  }

  protected line(row: Row): string {
    return JSON.stringify(row) + '\n';
  }

  protected encodeScanned(r: ScannedRecord): void {
    const out = this.out;
    const src = r.src;
    out.copy(ID_KEY, 0, ID_KEY.length);
    out.copy(src, r.idStart, r.idEnd);
    if (r.runStart >= 0) {
      out.copy(src, r.runStart, r.runEnd);
      out.copy(LINE_END, 0, LINE_END.length);
      return;
    }
    for (let i = 0; i < this.keys.length; i++) {
      const key = this.keys[i]!;
      out.copy(key, 0, key.length);
      const kind = r.kinds[i];
      // A plain string or a literal is exactly what JSON.stringify would write for it.
      if (kind === TokenKind.PlainString || kind === TokenKind.Literal || kind === TokenKind.Number) out.copy(src, r.starts[i]!, r.ends[i]!);
      else if (kind === TokenKind.Absent) out.copy(NULL, 0, NULL.length);
      else out.utf8(JSON.stringify(decoded(src, r.starts[i]!, r.ends[i]!)));
    }
    out.copy(LINE_END, 0, LINE_END.length);
  }
}

const ID_KEY = Buffer.from('{"_id":');
const NULL = Buffer.from('null');
const LINE_END = Buffer.from('}\n');
const TRUE = Buffer.from('true');
const FALSE = Buffer.from('false');

export interface CsvOptions {
  columns: readonly string[];
  /** Prefix formula-looking cells with `'` (see formula.ts). */
  escapeFormulas: boolean;
}

/**
 * RFC 4180 CSV with a header row (written even when no row follows). The header comes from csv-stringify; rows are
 * encoded here by its rules as configured before (booleans as words, optional formula neutralising, quoting when a
 * cell holds a quote, comma, CR or LF), which a test holds it to.
 */
export class CsvWriter extends RowWriter {
  constructor(
    sink: SinkOptions,
    private readonly csv: CsvOptions,
  ) {
    super(sink);
    this.out.utf8(
      stringify([], {
        header: true,
        columns: [...csv.columns],
        cast: { boolean: String, ...(csv.escapeFormulas ? { string: neutraliseFormula } : {}) },
      }),
    );
  }

  protected line(row: Row): string {
    const { columns, escapeFormulas } = this.csv;
    let line = '';
    for (let i = 0; i < columns.length; i++) {
      if (i > 0) line += ',';
      line += csvCell(textOf(row[columns[i]!] ?? null), escapeFormulas);
    }
    return line + '\n';
  }

  protected encodeScanned(r: ScannedRecord): void {
    const out = this.out;
    const src = r.src;
    this.plain(src, r.idStart, r.idEnd);
    for (let i = 0; i < r.kinds.length; i++) {
      out.byte(0x2c);
      const kind = r.kinds[i];
      const start = r.starts[i]!;
      if (kind === TokenKind.PlainString) this.plain(src, start, r.ends[i]!);
      // String(n) is its canonical JSON: no quote, comma or line break to quote for.
      else if (kind === TokenKind.Number) out.copy(src, start, r.ends[i]!);
      else if (kind === TokenKind.Literal) {
        // true, false or null (an empty cell).
        if (src[start] === 0x74) out.copy(TRUE, 0, TRUE.length);
        else if (src[start] === 0x66) out.copy(FALSE, 0, FALSE.length);
      } else if (kind === TokenKind.Other) out.utf8(csvCell(textOf(decoded(src, start, r.ends[i]!)), this.csv.escapeFormulas));
    }
    out.byte(0x0a);
  }

  /**
   * A string token without escapes: its bytes between the quotes are its text, which holds no quote, CR or LF, so it
   * is quoted only for a comma.
   */
  private plain(src: Buffer, tokenStart: number, tokenEnd: number): void {
    const out = this.out;
    const start = tokenStart + 1;
    const end = tokenEnd - 1;
    if (start === end) return;
    let comma = false;
    for (let i = start; i < end; i++) {
      if (src[i] === 0x2c) {
        comma = true;
        break;
      }
    }
    if (comma) out.byte(0x22);
    const c = src[start];
    if (this.csv.escapeFormulas && (c === 0x3d || c === 0x2b || c === 0x2d || c === 0x40)) out.byte(0x27);
    out.copy(src, start, end);
    if (comma) out.byte(0x22);
  }
}

/**
 * One CSV cell as csv-stringify wrote it with `cast: { boolean: String, string: neutraliseFormula? }`, quoted for
 * `delimiter` (a rejects file in the partner's layout has theirs).
 */
export function csvCell(value: string | number | boolean | null, escapeFormulas: boolean, delimiter = ','): string {
  if (value === null || value === undefined) return '';
  // Not a Cell by its type, but what `row[column]` gives for a column named `__proto__`: cast as csv-stringify did.
  if (typeof value === 'object') return JSON.stringify(value);
  if (typeof value !== 'string') return String(value);
  const text = escapeFormulas ? neutraliseFormula(value) : value;
  if (text === '') return '';
  if (text.includes('"')) return `"${text.replaceAll('"', '""')}"`;
  if (text.includes(delimiter) || text.includes('\n') || text.includes('\r')) return `"${text}"`;
  return text;
}

function textOf(cell: Cell): string | number | boolean | null {
  return Array.isArray(cell) ? cell.join(', ') : cell;
}
