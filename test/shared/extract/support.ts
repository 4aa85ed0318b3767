import { Readable } from 'node:stream';
import type { FormatOptions, OpenSource } from '../../../shared/extract/types.js';
import { rowLocator } from '../../../shared/normalize/source-rows.js';

/** Reads a whole (small) source: its sheet name, final columns and every row. */
export async function readAll(open: OpenSource, bytes: string | Buffer, options: FormatOptions = {}) {
  const source = await open(Readable.from([Buffer.from(bytes)]), { fileName: 'test', ...options });
  const rows: (string | number)[][] = [];
  for await (const row of source.rows) rows.push([...row]);
  return { sheetName: source.sheetName, columns: [...source.columns], rows };
}

/** Reads a whole (small) source and where its records sit (source-rows.ts): each record's first cell with its number. */
export async function readNumbered(open: OpenSource, bytes: string | Buffer, options: FormatOptions = {}) {
  const source = await open(Readable.from([Buffer.from(bytes)]), { fileName: 'test', ...options });
  const firsts: string[] = [];
  for await (const row of source.rows) firsts.push(String(row[0]));
  const sourceRows = source.sourceRows?.();
  const at = sourceRows && 'header' in sourceRows ? rowLocator(sourceRows) : undefined;
  return { sourceRows, numbered: firsts.map((first, i) => `${first}@${at ? at(i) : '?'}`) };
}
