import type { TextRow } from './excel-cells.js';

/** Rows looked at to find the header; title blocks above a table are rarely longer. */
export const HEADER_SEARCH_ROWS = 25;

export interface HeaderFound {
  header: TextRow['cells'];
  /** The header's row number in the sheet (1-based). */
  headerNumber: number;
  /** Rows read past the header while searching: data, yielded before the rest of the sheet. */
  after: TextRow[];
}

/**
 * The header row: `headerRow` (1-based) when the manifest names it, else the first row in which at least half of the
 * table's width holds text, the width being the widest row among the first {@link HEADER_SEARCH_ROWS}. That skips a
 * title block ("Quarterly report", "Generated …") above the table. `undefined` for a sheet with no rows.
 */
export async function findHeader(rows: AsyncIterator<TextRow>, headerRow?: number): Promise<HeaderFound | undefined> {
  const window: TextRow[] = [];
  for (;;) {
    if (headerRow !== undefined && window.at(-1) !== undefined && window.at(-1)!.number >= headerRow) break;
    if (headerRow === undefined && window.length >= HEADER_SEARCH_ROWS) break;
    const next = await rows.next();
    if (next.done) break;
    window.push(next.value);
  }
  if (window.length === 0) return undefined;
  if (headerRow !== undefined) {
    const at = window.findIndex((r) => r.number === headerRow);
    // A blank header row is absent from the stream: columns are then named by position.
    if (at < 0) return { header: [], headerNumber: headerRow, after: window.filter((r) => r.number > headerRow) };
    return { header: window[at]!.cells, headerNumber: headerRow, after: window.slice(at + 1) };
  }
  const width = Math.max(...window.map((r) => r.cells.filter((c) => c !== '').length));
  const at = Math.max(0, window.findIndex((r) => r.textCells > 0 && r.textCells * 2 >= width));
  return { header: window[at]!.cells, headerNumber: window[at]!.number, after: window.slice(at + 1) };
}
