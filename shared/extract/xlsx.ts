import { Readable } from 'node:stream';
import type ExcelJS from 'exceljs';
import { BadInputError } from '../errors/index.js';
import { cellValue, type TextRow } from './excel-cells.js';
import { findHeader } from './header-row.js';
import { SkippedStretches, type SourceRows } from '../normalize/source-rows.js';
import { watchInput } from './input-errors.js';
import { fillAddressCache } from './excel-addresses.js';
import { xmlText } from './xml-text.js';
import { holdEarlyEnd } from './zip-end.js';
import type { OpenSource, RecordSource, SourceCell } from './types.js';

interface SheetReader extends AsyncIterable<ExcelJS.Row> {
  name: string;
  /** The worksheet part's bytes (a zip entry, or the fs stream of a spooled sheet): what the reader parses. */
  iterator: AsyncIterable<Buffer | string>;
}

/**
 * XLSX through exceljs' streaming reader: one sheet (the manifest's `sheet`, else the first), rows as they are
 * parsed. Shared strings are cached (cells refer to them by index); styles too, because a number is a date only by
 * its number format. Other sheets are skipped unread.
 */
export const openXlsx: OpenSource = async (input, { sheet, headerRow }) => {
  const input$ = watchInput(input);
  // Loaded on first use: exceljs evaluates ~1 MB of code (archiver, unzipper, jszip) at import, which every cold
  // start of the worker would otherwise pay for, XLSX or not.
  const { Excel, unzipper, colCache } = await import('./exceljs.js');
  holdEarlyEnd(unzipper);
  fillAddressCache(colCache);
  const reader = new Excel.stream.xlsx.WorkbookReader(input, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  decodeSharedStrings(reader);
  const sheets = reader[Symbol.asyncIterator]() as AsyncIterator<SheetReader>;
  const unreadable = (e: unknown) => input$.failure() ?? new BadInputError('malformed-content', `the XLSX is damaged, not a readable workbook (${(e as Error).message}); open it in Excel, save it again and resend`, { cause: e });

  const seen: string[] = [];
  let chosen: SheetReader | undefined;
  try {
    for (let next = await sheets.next(); !next.done; next = await sheets.next()) {
      seen.push(next.value.name);
      if (sheet === undefined || next.value.name === sheet) {
        chosen = next.value;
        break;
      }
      release(next.value);
    }
  } catch (e) {
    throw unreadable(e);
  }
  if (!chosen) {
    input.destroy();
    throw sheet === undefined
      ? // Excel cannot save a workbook without a sheet: none means the package is damaged or not a workbook at all.
        new BadInputError('malformed-content', 'the XLSX is damaged: its workbook lists no worksheets; open it in Excel, save it again and resend')
      : new BadInputError('malformed-content', `the workbook has no sheet "${sheet}" (sheets: ${seen.join(', ') || 'none'})`);
  }
  chosen.iterator = xmlText(chosen.iterator);
  // Read once the sheet's own entries are reached: exceljs parses workbook.xml before the worksheets it names.
  const date1904 = Boolean((reader as unknown as { properties?: { model?: { date1904?: boolean } } }).properties?.model?.date1904);
  const rows = textRows(chosen, date1904, unreadable);
  const found = await findHeader(rows, headerRow);
  const columns = (found?.header ?? []).map(String);
  while (columns.at(-1) === '') columns.pop();
  // Rows already read may be wider than the header (or the named header row may be blank).
  for (const r of found?.after ?? []) while (columns.length < r.cells.length) columns.push('');
  // The sheet's own row numbers: the header's, and the blank rows between records (never yielded).
  const numbers = new SheetRows(found?.headerNumber ?? headerRow ?? 0);
  return {
    sheetName: chosen.name,
    columns,
    sourceRows: () => numbers.result(),
    rows: dataRows(found?.after ?? [], rows, columns, numbers, () => {
      void sheets.return?.(undefined);
      // Later sheets are never read: stop the download instead of draining it.
      input.destroy();
    }),
  } satisfies RecordSource;
};

/**
 * sharedStrings.xml reaches exceljs's SAX parser as text decoded by the entry stream itself, whole characters only:
 * decoded chunk by chunk, a character split between two chunks became two U+FFFD (see xml-text.ts; exceljs#2084).
 */
function decodeSharedStrings(reader: ExcelJS.stream.xlsx.WorkbookReader): void {
  const r = reader as unknown as { _parseSharedStrings(entry: Readable): AsyncGenerator<unknown> };
  const parse = r._parseSharedStrings;
  r._parseSharedStrings = function (this: unknown, entry: Readable) {
    entry.setEncoding('utf8');
    return parse.call(this, entry);
  };
}

/**
 * Lets go of a sheet that is skipped unread. When worksheets come before sharedStrings.xml in the zip (Excel's own
 * order), exceljs spools each to a temp file and hands over a file stream that is still opening; asking for the next
 * sheet deletes the file, and the open then fails with ENOENT on a stream nobody listens to: an uncaught exception
 * that ended the process (seen as test/shared/extract/xlsx.test.ts's flake). Closing it here, and listening, avoids both.
 */
function release(skipped: SheetReader): void {
  const spool = (skipped as unknown as { iterator?: unknown }).iterator;
  if (spool instanceof Readable) {
    spool.on('error', () => {}); // the sheet is not read: a failure to open its spool file concerns no one
    spool.destroy();
  }
}

async function* textRowsOf(sheet: SheetReader, date1904: boolean): AsyncGenerator<TextRow> {
  for await (const row of sheet) {
    const cells: SourceCell[] = [];
    let textCells = 0;
    row.eachCell((cell, col) => {
      const text = cellValue(cell, date1904);
      if (text === '') return;
      while (cells.length < col - 1) cells.push('');
      cells.push(text);
      if (typeof cell.value === 'string' || (cell.value !== null && typeof cell.value === 'object' && 'richText' in cell.value)) textCells++;
    });
    // Blank rows (formatting only) are not records.
    if (cells.length > 0) yield { number: row.number, cells, textCells };
  }
}

function textRows(sheet: SheetReader, date1904: boolean, unreadable: (e: unknown) => Error): AsyncIterator<TextRow> {
  const it = textRowsOf(sheet, date1904);
  return {
    next: () => it.next().catch((e: unknown) => Promise.reject(unreadable(e))),
  };
}

/** Rows already read while finding the header, then the rest; columns grow when a row is wider than the header. */
async function* dataRows(
  buffered: TextRow[],
  rest: AsyncIterator<TextRow>,
  columns: string[],
  numbers: SheetRows,
  close: () => void,
): AsyncGenerator<SourceCell[]> {
  const widen = (row: TextRow) => {
    numbers.add(row.number);
    while (columns.length < row.cells.length) columns.push('');
    return row.cells;
  };
  try {
    for (const r of buffered) yield widen(r);
    for (let next = await rest.next(); !next.done; next = await rest.next()) yield widen(next.value);
  } finally {
    close();
  }
}

/** The rows of a worksheet's records as Excel numbers them: the header's, and the stretches skipped between records. */
class SheetRows {
  private last: number;
  private readonly stretches = new SkippedStretches('row');

  constructor(private readonly header: number) {
    this.last = header;
  }

  add(number: number): void {
    this.stretches.skip(this.last + 1, number - this.last - 1);
    this.stretches.record(number);
    this.last = number;
  }

  result(): SourceRows {
    return this.stretches.result(this.header);
  }
}
