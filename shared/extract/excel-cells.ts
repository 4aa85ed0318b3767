import type { Cell, CellValue } from 'exceljs';
import { isDateFormat, isoDate, serialToDate } from './excel-dates.js';
import type { SourceCell } from './types.js';

/** A spreadsheet row reduced to text: '' for empty cells, and how many cells hold text (for header detection). */
export interface TextRow {
  /** 1-based row number in the sheet. */
  number: number;
  cells: SourceCell[];
  textCells: number;
}

/**
 * A cell's value as the text a person sees in Excel, minus formatting: dates as ISO 8601, formulas as their
 * cached result, rich text joined, booleans `true`/`false`, errors as their code (`#N/A`).
 */
export function cellText(cell: Pick<Cell, 'value' | 'numFmt'>, date1904: boolean): string {
  return valueText(cell.value, cell.numFmt, date1904);
}

/** As {@link cellText}, but a numeric cell (or formula result) that is not a date stays a number. */
export function cellValue(cell: Pick<Cell, 'value' | 'numFmt'>, date1904: boolean): SourceCell {
  const v = cell.value;
  const n = typeof v === 'number' ? v : v !== null && typeof v === 'object' && 'result' in v && typeof v.result === 'number' ? v.result : undefined;
  if (n !== undefined && Number.isFinite(n) && !isDateFormat(cell.numFmt)) return n;
  return valueText(v, cell.numFmt, date1904);
}

function valueText(value: CellValue | undefined, numFmt: string | undefined, date1904: boolean): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return '';
    // Formula results arrive as bare serials; plain date cells were converted by exceljs already.
    return isDateFormat(numFmt) ? isoDate(serialToDate(value, date1904), date1904) : String(value);
  }
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : isoDate(value, date1904);
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('error' in value) return String(value.error);
  if ('result' in value) return valueText(value.result as CellValue, numFmt, date1904);
  if ('text' in value) return typeof value.text === 'string' ? value.text : valueText(value.text as CellValue, numFmt, date1904);
  // A formula without a cached result (never calculated): nothing to show.
  return '';
}
