import { BadInputError } from '../errors/index.js';
import type { RecordSource, SourceCell } from './types.js';

/** Records read before the header is fixed; keys first seen later are appended as new columns. */
export const HEADER_SAMPLE = 100;

/** One parsed JSON value and where it came from ("line 3", "element 7"), for error messages. */
export interface Parsed {
  value: unknown;
  where: string;
}

/**
 * Nested objects become dotted columns (`address.city`); arrays are kept as JSON text (`["a","b"]`); null is an
 * empty cell; numbers stay numbers (a feed's number format reads text, never a typed number); booleans their JSON text.
 */
export function flatten(record: Record<string, unknown>, into: Map<string, SourceCell> = new Map(), prefix = ''): Map<string, SourceCell> {
  for (const [k, v] of Object.entries(record)) {
    const key = prefix + k;
    if (v === null || v === undefined) into.set(key, '');
    else if (typeof v === 'object' && !Array.isArray(v)) flatten(v as Record<string, unknown>, into, `${key}.`);
    else into.set(key, typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v)) ? v : JSON.stringify(v));
  }
  return into;
}

/** A record source over parsed JSON objects: header from the first {@link HEADER_SAMPLE}, growing afterwards. */
export async function objectSource(values: AsyncIterator<Parsed>, sheetName: string): Promise<RecordSource> {
  const columns: string[] = [];
  const index = new Map<string, number>();
  const toRow = (p: Parsed): SourceCell[] => {
    if (p.value === null || typeof p.value !== 'object' || Array.isArray(p.value)) {
      throw new BadInputError('malformed-content', `${p.where} is not a JSON object`);
    }
    const flat = flatten(p.value as Record<string, unknown>);
    for (const k of flat.keys()) {
      if (!index.has(k)) {
        index.set(k, columns.length);
        columns.push(k);
      }
    }
    const row = new Array<SourceCell>(columns.length).fill('');
    for (const [k, v] of flat) row[index.get(k)!] = v;
    return row;
  };
  const sample: SourceCell[][] = [];
  for (let next = await values.next(); ; next = await values.next()) {
    if (next.done) break;
    sample.push(toRow(next.value));
    if (sample.length >= HEADER_SAMPLE) break;
  }
  async function* rows(): AsyncGenerator<SourceCell[]> {
    for (const row of sample.splice(0)) yield row;
    for (let next = await values.next(); !next.done; next = await values.next()) yield toRow(next.value);
  }
  return { sheetName, columns, rows: rows() };
}
