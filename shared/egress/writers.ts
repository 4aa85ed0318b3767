import { stringify } from 'csv-stringify/sync';
import { neutraliseFormula } from './formula.js';
import type { Cell, Row } from './rows.js';
import { ObjectSink, type SinkOptions } from './sink.js';

/**
 * Rows into one object, a page at a time: rows are collected in memory for the current page only, then turned into
 * text and streamed to the object, so a writer never holds more than one page.
 */
export abstract class RowWriter {
  count = 0;
  protected pending: Row[] = [];
  private readonly sink: ObjectSink;

  constructor(sink: SinkOptions) {
    this.sink = new ObjectSink(sink);
  }

  get key(): string {
    return this.sink.key;
  }

  add(row: Row): void {
    this.pending.push(row);
    this.count++;
  }

  /** Writes the rows collected so far; waits while the upload catches up. */
  async flush(): Promise<void> {
    const text = this.render(this.pending);
    this.pending = [];
    await this.sink.write(text);
  }

  async end(): Promise<void> {
    await this.flush();
    await this.sink.end();
  }

  abort(): Promise<void> {
    return this.sink.abort();
  }

  protected abstract render(rows: Row[]): string;
}

/** JSON Lines: one record object per line, keys in column order. */
export class JsonlWriter extends RowWriter {
  protected render(rows: Row[]): string {
    let out = '';
    for (const row of rows) out += JSON.stringify(row) + '\n';
    return out;
  }
}

export interface CsvOptions {
  columns: readonly string[];
  /** Prefix formula-looking cells with `'` (see formula.ts). */
  escapeFormulas: boolean;
}

/** RFC 4180 CSV with a header row (written even when no row follows), via csv-stringify. */
export class CsvWriter extends RowWriter {
  private headerDone = false;

  constructor(
    sink: SinkOptions,
    private readonly csv: CsvOptions,
  ) {
    super(sink);
  }

  protected render(rows: Row[]): string {
    const header = !this.headerDone;
    this.headerDone = true;
    return stringify(
      rows.map((r) => this.csv.columns.map((c) => textOf(r[c] ?? null))),
      {
        header,
        columns: [...this.csv.columns],
        // csv-stringify writes booleans as 1/"" by default; the outbox wants the words.
        cast: { boolean: String, ...(this.csv.escapeFormulas ? { string: neutraliseFormula } : {}) },
      },
    );
  }
}

function textOf(cell: Cell): string | number | boolean | null {
  return Array.isArray(cell) ? cell.join(', ') : cell;
}
