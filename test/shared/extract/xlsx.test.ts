import fs from 'node:fs';
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BadInputError } from '../../../shared/errors/index.js';
import { openXlsx } from '../../../shared/extract/xlsx.js';
import { EXPECTED_ROWS, report } from './fixtures.js';
import { readAll } from './support.js';

/** A one-column workbook of `values` under the header 'Text', written as exceljs's streaming writer writes it. */
async function textWorkbook(values: string[], sharedStrings: boolean): Promise<Buffer> {
  const stream = new PassThrough();
  const parts: Buffer[] = [];
  stream.on('data', (b: Buffer) => parts.push(b));
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useSharedStrings: sharedStrings, useStyles: false });
  const sheet = book.addWorksheet('Text');
  sheet.addRow(['Text']).commit();
  for (const v of values) sheet.addRow([v]).commit();
  await book.commit();
  return Buffer.concat(parts);
}

describe('openXlsx', () => {
  it('reads every character whole, whatever chunk of the package its bytes arrive in (exceljs decoded chunk by chunk)', async () => {
    // 2, 3 and 4 bytes a character, at every offset: some straddle each chunk boundary of the inflated parts.
    const values = Array.from({ length: 6_000 }, (_, i) => `${'a'.repeat(i % 7)}ü€中😀${'中'.repeat(i % 40)}${i}${'ß'.repeat(i % 5)}`);
    for (const shared of [false, true]) {
      const out = await readAll(openXlsx, await textWorkbook(values, shared));
      expect(out.rows.filter((r, i) => r[0] !== values[i]).slice(0, 3), shared ? 'shared strings' : 'inline strings').toEqual([]);
      expect(out.rows).toHaveLength(values.length);
    }
  });

  it('reads text that looks like an XML entity as written: exceljs decoded `str` cells and sheet names twice', async () => {
    // Literal text "&lt;" is "&amp;lt;" in the XML; its parser gives "&lt;" back, and exceljs's xmlDecode made it "<".
    const tricky = ['a &lt; b', 'R&amp;D', '&quot;quoted&quot;', 'fish &amp; chips & peas', '&gt;&apos;'];
    const stream = new PassThrough();
    const parts: Buffer[] = [];
    stream.on('data', (b: Buffer) => parts.push(b));
    const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useSharedStrings: false, useStyles: false });
    const sheet = book.addWorksheet('P&amp;L');
    sheet.addRow(['Plain', 'Formula']).commit();
    // A formula's cached text result is a `t="str"` cell.
    for (const v of tricky) sheet.addRow([v, { formula: 'A1', result: v }]).commit();
    await book.commit();
    const out = await readAll(openXlsx, Buffer.concat(parts), { sheet: 'P&amp;L' });
    expect(out.sheetName).toBe('P&amp;L');
    expect(out.rows).toEqual(tricky.map((v) => [v, v]));
  });

  it('reads the named sheet from its detected header on row 3: dates as ISO, formulas as cached values', async () => {
    const out = await readAll(openXlsx, await report(), { sheet: 'People' });
    expect(out.sheetName).toBe('People');
    // The merged header's second cell and the blank one are empty labels here; toFields names them column_<n>.
    expect(out.columns).toEqual(['Name', 'Joined', '', 'Score', 'Score', 'Total', 'Due', 'Notes', '']);
    expect(out.rows).toEqual(EXPECTED_ROWS);
  });

  it('reads dates of the 1904 date system', async () => {
    const out = await readAll(openXlsx, await report(true), { sheet: 'People' });
    expect(out.rows).toEqual(EXPECTED_ROWS);
  });

  it('takes the first sheet when the manifest names none, and honours an explicit header row', async () => {
    expect(await readAll(openXlsx, await report())).toEqual({ sheetName: 'Summary', columns: ['not this sheet'], rows: [] });
    const out = await readAll(openXlsx, await report(), { sheet: 'People', headerRow: 4 });
    expect(out.columns).toEqual(EXPECTED_ROWS[0]!.map(String));
    expect(out.rows).toEqual(EXPECTED_ROWS.slice(1));
  });

  it('rejects a missing sheet and a corrupt workbook as bad input', async () => {
    await expect(readAll(openXlsx, await report(), { sheet: 'Orders' })).rejects.toThrow(
      new BadInputError('malformed-content', 'the workbook has no sheet "Orders" (sheets: Summary, People)'),
    );
    const truncated = (await report()).subarray(0, 1500);
    const err = await readAll(openXlsx, truncated).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BadInputError);
    expect((err as Error).message).toMatch(/^the XLSX is damaged, not a readable workbook \(/);
    const notZip = await readAll(openXlsx, 'Name,Email\nAda,ada@x.io\n').catch((e: unknown) => e);
    expect(notZip).toBeInstanceOf(BadInputError);
  });

  it('skips a sheet spooled to a temp file without an uncaught ENOENT (vitest fails the run on one)', async () => {
    // The fixture's worksheets precede sharedStrings.xml, as in Excel's files, so exceljs spools them to temp files and
    // reads them back with fs streams. Skipping "Summary" deletes its file; an open still pending then failed on a stream
    // nobody listened to. On a loaded machine the open lost that race now and then; here it is made to lose it always.
    const open = fs.open;
    const slowOpen = (...args: Parameters<typeof fs.open>) => {
      const path = String(args[0]);
      if (path.startsWith(join(tmpdir(), 'tmp-')) && String(args[1]) === 'r') setTimeout(() => (open as (...a: unknown[]) => void)(...args), 50);
      else (open as (...a: unknown[]) => void)(...args);
    };
    fs.open = slowOpen as typeof fs.open;
    try {
      expect((await readAll(openXlsx, await report(), { sheet: 'People' })).rows).toEqual(EXPECTED_ROWS);
      await new Promise((resolve) => setTimeout(resolve, 200)); // the delayed opens have run
    } finally {
      fs.open = open;
    }
  });
});
