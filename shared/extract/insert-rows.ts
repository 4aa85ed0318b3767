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
 * Each row is written into its chunk's JSON as it is read, so no row outlives its turn (see RecordsWriter).
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
  // Fields named since the last chunk: the sheet gets them before that chunk is sent.
  let newFields = false;
  // Where the next chunk's first record lands: a lost response is checked by reading the sheet there.
  let offset = 0;

  const flush = async () => {
    if (newFields) {
      await setSheetFields(api, sheet, fields);
      newFields = false;
    }
    const records = writer.take();
    const at = offset;
    offset += records.count;
    await bounded.run(async () => {
      await insertChunkOnce(api, options.connection, sheet.sheetId, records, { offset: at, chunkSize: options.chunkSize }, options.fetch);
      counts.recordsCreated += records.count;
      writer.release(records);
    });
    await options.onChunk();
  };

  for await (const row of source.rows) {
    if (source.columns.length > fields.length) {
      fields.push(...toFields(source.columns, fields));
      newFields = true;
    }
    writer.add(row, fields);
    counts.rowsRead++;
    if (writer.count >= options.chunkSize) await flush();
  }
  if (writer.count > 0) await flush();
  await bounded.drain();
  return counts;
}

/**
 * Writes rows straight into the bytes of the insert's JSON, `[{"<key>":{"value":<cell>},…},…]`: what JSON.stringify
 * of one `{ [key]: { value } }` object per record would write, without making those objects (two per cell). A row is
 * garbage as soon as it is written: holding a chunk's 5,000 rows until the chunk was sent got every row, and the 64 KB
 * of sheet XML each of their strings was sliced from, promoted to V8's old space (XLSX 1M: 1 KB a row promoted, 530
 * against 227 MB at 300k rows in --trace-gc-nvp). Chunk buffers are reused once their insert is done.
 * Empty cells are left out of a record, as in native extraction.
 */
export class RecordsWriter {
  /** `"<key>":{"value":` per field, written once. */
  private readonly prefixes: string[] = [];
  /** Buffers of chunks whose inserts are done, to write the next chunks into. */
  private readonly free: Buffer[] = [];
  private buffer: Buffer | undefined;
  private length = 0;
  /** Records in the chunk being written. */
  count = 0;

  add(row: readonly SourceCell[], fields: readonly Pick<SourceField, 'key'>[]): void {
    for (let i = this.prefixes.length; i < fields.length; i++) this.prefixes.push(`${JSON.stringify(fields[i]!.key)}:{"value":`);
    let json = this.count === 0 ? '[{' : ',{';
    let first = true;
    for (let i = 0; i < row.length; i++) {
      const value = row[i];
      if (value === '' || value === undefined) continue;
      json += `${first ? '' : ','}${this.prefixes[i]!}${JSON.stringify(value)}}`;
      first = false;
    }
    this.write(`${json}}`);
    this.count++;
  }

  /** The chunk written so far, as the JSON array's bytes; the next `add` starts a new chunk. */
  take(): RecordsChunk {
    if (this.count === 0) this.write('[');
    this.write(']');
    const chunk = { json: this.buffer!.subarray(0, this.length), count: this.count };
    this.buffer = undefined;
    this.length = 0;
    this.count = 0;
    return chunk;
  }

  /** A taken chunk's buffer may be written over: its insert is done. */
  release(chunk: RecordsChunk): void {
    // take() hands out the start of a buffer of its own (allocUnsafeSlow): its ArrayBuffer is the whole buffer.
    if (typeof chunk.json !== 'string') this.free.push(Buffer.from(chunk.json.buffer));
  }

  private write(text: string): void {
    // UTF-8 takes at most 3 bytes per UTF-16 unit.
    const need = this.length + text.length * 3;
    if (!this.buffer) this.buffer = this.free.pop() ?? Buffer.allocUnsafeSlow(Math.max(INITIAL_BYTES, need));
    if (need > this.buffer.length) {
      const grown = Buffer.allocUnsafeSlow(Math.max(need, this.buffer.length * 2));
      this.buffer.copy(grown, 0, 0, this.length);
      this.buffer = grown;
    }
    this.length += this.buffer.write(text, this.length);
  }
}

/** A chunk's first buffer; it grows to fit and is reused (the bench's 5,000 records: 1.4 MB). */
const INITIAL_BYTES = 1 << 20;
