import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { openFixedWidth } from '../../../shared/extract/fixed-width.js';
import { openJson } from '../../../shared/extract/json.js';
import { openJsonl } from '../../../shared/extract/jsonl.js';
import { openXlsx } from '../../../shared/extract/xlsx.js';
import { readNumbered } from './support.js';

// Each extractor says where its records sit in the partner's file (shared/normalize/source-rows.ts), so a rejected
// record goes back with the number the partner looks up: the line, the element, the sheet row.

describe('where the records of each format sit', () => {
  it('JSON Lines: the line, empty and blank lines counted (never shifting a record), none kept after the last', async () => {
    const text = '\n{"id":"L-1"}\n   \n\n{"id":"L-2"}\n{"id":"L-3"}\n\n\n';
    expect(await readNumbered(openJsonl, text)).toEqual({
      sourceRows: { header: 0, skipped: [1, [3, 2]], unit: 'line' },
      numbered: ['L-1@2', 'L-2@5', 'L-3@6'],
    });
  });

  it('fixed-width text: the line, blank lines counted', async () => {
    const fixedWidth = { columns: [{ key: 'id', start: 1, width: 4 }, { key: 'name', start: 5, width: 4 }] };
    expect(await readNumbered(openFixedWidth, 'F001Ada \n\nF002Bob \r\n    \r\nF003Cy  ', { fixedWidth })).toMatchObject({
      numbered: ['F001@1', 'F002@3', 'F003@5'],
    });
  });

  it('a JSON array: the element, 1-based, whatever the lines (a minified array is one line)', async () => {
    expect(await readNumbered(openJson, '[{"id":"J-1"},{"id":"J-2"},\n\n{"id":"J-3"}]')).toEqual({
      sourceRows: { header: 0, skipped: [], unit: 'element' },
      numbered: ['J-1@1', 'J-2@2', 'J-3@3'],
    });
  });

  it('XLSX: the sheet row, across a gap of 1,500 blank rows (one stretch, not 1,500 entries)', async () => {
    const book = new ExcelJS.Workbook();
    const ws = book.addWorksheet('Data');
    ws.addRow(['Report']);
    ws.addRow(['id', 'name', 'amount']);
    ws.addRow(['X-1', 'Ann', 1]);
    ws.getRow(1_504).values = ['X-2', 'Bo', 2];
    ws.getRow(1_505).values = ['X-3', 'Cy', 3];
    const bytes = Buffer.from(await book.xlsx.writeBuffer());
    expect(await readNumbered(openXlsx, bytes)).toEqual({
      sourceRows: { header: 2, skipped: [[4, 1_500]] },
      numbered: ['X-1@3', 'X-2@1504', 'X-3@1505'],
    });
  });
});
