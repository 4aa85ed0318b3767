import { parse } from 'csv-parse';
import type { Readable } from 'node:stream';
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

/**
 * Streams a delimited file: the first row is the header, the rest arrive as record batches.
 * `onHeader` runs once before the first batch.
 */
export async function extractDelimited(
  input: Readable,
  delimiter: string,
  onHeader: (fields: Property[]) => void,
  onBatch: (records: Record<string, CellIn>[]) => void,
): Promise<number> {
  const parser = input.pipe(parse({ delimiter, bom: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: true }));
  let fields: Property[] | undefined;
  let batch: Record<string, CellIn>[] = [];
  let count = 0;
  for await (const row of parser as AsyncIterable<string[]>) {
    if (!fields) {
      fields = headerFields(row);
      onHeader(fields);
      continue;
    }
    const record: Record<string, CellIn> = {};
    for (let i = 0; i < fields.length; i++) {
      const v = row[i];
      if (v !== undefined && v !== '') record[fields[i]!.key] = { value: v };
    }
    batch.push(record);
    count++;
    if (batch.length >= ROWS_PER_BATCH) {
      onBatch(batch);
      batch = [];
    }
  }
  if (!fields) onHeader([]);
  if (batch.length > 0) onBatch(batch);
  return count;
}
