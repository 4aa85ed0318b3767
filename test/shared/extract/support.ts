import { Readable } from 'node:stream';
import type { FormatOptions, OpenSource } from '../../../shared/extract/types.js';

/** Reads a whole (small) source: its sheet name, final columns and every row. */
export async function readAll(open: OpenSource, bytes: string | Buffer, options: FormatOptions = {}) {
  const source = await open(Readable.from([Buffer.from(bytes)]), { fileName: 'test', ...options });
  const rows: (string | number)[][] = [];
  for await (const row of source.rows) rows.push([...row]);
  return { sheetName: source.sheetName, columns: [...source.columns], rows };
}
