import { parse } from 'csv-parse';
import type { Readable } from 'node:stream';
import type { ColumnBatch } from '../store/insert-parser.js';
import type { CellIn } from '../store/records.js';
import type { Property } from '../types.js';

/** Extensions the platform extracts itself, with their delimiters. */
export const NATIVE_DELIMITERS: Record<string, string> = { csv: ',', tsv: '\t', psv: '|' };

const ROWS_PER_BATCH = 10_000;

/** Flatfile's field-key normalisation (util-common `normalizeKey`): snake_case, `%`→percent, `$`→dollar. */
export function normalizeKey(raw: string): string {
  let t = raw.trim();
  if (t === '') return '';
  t = t.replace(/%+/g, ' percent ').replace(/\$+/g, ' dollar ');
  t = t.replace(/[\s_-]+/g, ' ');
  t = t.replace(/[^\p{L}\p{N}\p{M}\p{Pd}\p{Pc}]+/gu, ' ');
  t = t.replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2').replace(/([a-z0-9])([A-Z]+)/g, '$1 $2');
  t = t.toLowerCase().trim().replace(/\s+/g, '_');
  return Number.isNaN(Number(t)) ? t.slice(0, 225) : Number(t).toString();
}

/** String fields from a header row: normalised, de-duplicated keys (`_1`, `_2`…) with the original labels. */
export function headerFields(header: string[]): Property[] {
  const seen = new Set<string>();
  return header.map((label) => {
    const base = normalizeKey(label) || 'empty';
    let key = base;
    for (let i = 1; seen.has(key); i++) key = `${base}_${i}`;
    seen.add(key);
    return { key, label: label.trim(), type: 'string', description: '' };
  });
}

/** Rows searched for the header, as the platform's header detection does for a title block above a table. */
export const HEADER_SEARCH_ROWS = 25;

const filledCells = (row: readonly string[]): number => row.filter((c) => c.trim() !== '').length;

/**
 * The header's index among the first rows: the first row in which at least half of the table's width is filled, the
 * width being the fullest of the first {@link HEADER_SEARCH_ROWS} rows. Title lines and Excel's `sep=;` line above a
 * table are passed over, as real native extraction detects the header row (`FileJobConfig.detectedHeaderRow`).
 */
export function headerRowIndex(rows: readonly (readonly string[])[]): number {
  const filled = rows.slice(0, HEADER_SEARCH_ROWS).map(filledCells);
  const width = Math.max(0, ...filled);
  return Math.max(0, filled.findIndex((n) => n > 0 && n * 2 >= width));
}

/**
 * Streams a delimited file: the header row is detected among the first rows (rows above it are not records), blank
 * rows (`,,,,`) are skipped, and the rest arrive as record batches. `onHeader` runs once before the first batch.
 * Returns the records created.
 */
export async function extractDelimited(
  input: Readable,
  delimiter: string,
  onHeader: (fields: Property[]) => void,
  onBatch: (records: Record<string, CellIn>[]) => void,
): Promise<number> {
  let keys: string[] = [];
  return extractDelimitedColumns(
    input,
    delimiter,
    (fields) => {
      keys = fields.map((f) => f.key);
      onHeader(fields);
    },
    ({ count, columns }) => {
      const records: Record<string, CellIn>[] = [];
      for (let i = 0; i < count; i++) {
        const record: Record<string, CellIn> = {};
        keys.forEach((k, f) => {
          const v = columns[f]![i];
          if (v !== undefined) record[k] = { value: v };
        });
        records.push(record);
      }
      onBatch(records);
    },
  );
}

/**
 * `extractDelimited` with each batch column by column, in the order of the header's fields (undefined for an empty
 * cell), as the emulator's sheets store them: no object per record and per cell (13 a row, garbage at 1M rows).
 */
export async function extractDelimitedColumns(
  input: Readable,
  delimiter: string,
  onHeader: (fields: Property[]) => void,
  onBatch: (batch: ColumnBatch) => void,
): Promise<number> {
  const parser = input.pipe(parse({ delimiter, bom: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: true }));
  let width = -1;
  const head: string[][] = [];
  let columns: (string | undefined)[][] = [];
  let size = 0;
  let count = 0;
  let flushed = false;
  const add = (row: string[]) => {
    if (filledCells(row) === 0) return;
    for (let f = 0; f < width; f++) {
      const v = row[f];
      columns[f]![size] = v !== undefined && v !== '' ? v : undefined;
    }
    size++;
    count++;
    if (size >= ROWS_PER_BATCH) {
      onBatch({ count: size, columns });
      columns = columns.map(() => []);
      size = 0;
      flushed = true;
    }
  };
  const start = () => {
    const at = headerRowIndex(head);
    const fields = headerFields(head[at] ?? []);
    width = fields.length;
    columns = fields.map(() => []);
    onHeader(fields);
    for (const row of head.slice(at + 1)) add(row);
  };
  for await (const row of parser as AsyncIterable<string[]>) {
    if (width >= 0) add(row);
    else if (head.push(row) >= HEADER_SEARCH_ROWS) start();
    if (flushed) {
      // A parser fed from memory never waits for I/O: without this the API would not answer until the whole file
      // was in (30 s at 1M rows), where the platform serves requests while it extracts.
      flushed = false;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  if (width < 0) start();
  if (size > 0) onBatch({ count: size, columns });
  return count;
}
