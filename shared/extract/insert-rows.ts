import { Bounded } from './bounded.js';
import type { FlatfileApi, FlatfileConnection } from '../flatfile/client.js';
import { setSheetFields, type FileSheet } from './file-workbook.js';
import { insertChunkOnce, type RecordsChunk } from './post-records.js';
import { toFields, type SourceField } from './keys.js';
import type { RecordSource, SourceCell } from './types.js';

export interface InsertOptions {
  /** Token and base URL of `api`: records go through fetch, see postRecords. */
  connection: FlatfileConnection;
  fetch?: typeof fetch;
  /** Records per request: Flatfile's extractors post 5,000. */
  chunkSize: number;
  /** Requests in flight at once. */
  concurrency: number;
  /** Called after each chunk is handed over, to report progress. */
  onChunk: () => Promise<void>;
}

export interface InsertCounts {
  rowsRead: number;
  recordsCreated: number;
}

/**
 * Streams a source's rows into the sheet in chunks, with bounded concurrency: the reader never runs more than
 * `concurrency` chunks ahead of the API, so memory holds at most that many chunks whatever the file's size.
 * Empty cells are left out of a record, as in native extraction. New columns extend the sheet before their chunk.
 */
export async function insertRows(
  api: Pick<FlatfileApi, 'records' | 'workbooks'>,
  sheet: FileSheet,
  fields: SourceField[],
  source: RecordSource,
  options: InsertOptions,
): Promise<InsertCounts> {
  const bounded = new Bounded(options.concurrency);
  const counts: InsertCounts = { rowsRead: 0, recordsCreated: 0 };
  const writer = new RecordsWriter();
  let rows: SourceCell[][] = [];
  // Where the next chunk's first record lands: a lost response is checked by reading the sheet there.
  let offset = 0;

  const flush = async () => {
    if (source.columns.length > fields.length) {
      fields.push(...toFields(source.columns, fields));
      await setSheetFields(api, sheet, fields);
    }
    const records = writer.chunk(rows, fields);
    rows = [];
    const at = offset;
    offset += records.count;
    await bounded.run(async () => {
      await insertChunkOnce(api, options.connection, sheet.sheetId, records, { offset: at, chunkSize: options.chunkSize }, options.fetch);
      counts.recordsCreated += records.count;
    });
    await options.onChunk();
  };

  for await (const row of source.rows) {
    rows.push(row);
    counts.rowsRead++;
    if (rows.length >= options.chunkSize) await flush();
  }
  if (rows.length > 0) await flush();
  await bounded.drain();
  return counts;
}

/**
 * Writes a chunk of rows straight as the JSON the insert sends, `[{"<key>":{"value":<cell>},…},…]`: what
 * JSON.stringify of one `{ [key]: { value } }` object per record would write, without making those objects (two per
 * cell, all garbage once sent). Empty cells are left out of a record, as in native extraction.
 */
export class RecordsWriter {
  /** `"<key>":{"value":` per field, written once. */
  private readonly prefixes: string[] = [];

  chunk(rows: readonly (readonly SourceCell[])[], fields: readonly Pick<SourceField, 'key'>[]): RecordsChunk {
    for (let i = this.prefixes.length; i < fields.length; i++) this.prefixes.push(`${JSON.stringify(fields[i]!.key)}:{"value":`);
    const records: string[] = new Array<string>(rows.length);
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r]!;
      let json = '{';
      for (let i = 0; i < row.length; i++) {
        const value = row[i];
        if (value === '' || value === undefined) continue;
        json += `${json.length > 1 ? ',' : ''}${this.prefixes[i]!}${JSON.stringify(value)}}`;
      }
      records[r] = `${json}}`;
    }
    return { json: `[${records.join(',')}]`, count: rows.length };
  }
}
