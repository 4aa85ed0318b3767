// Where the table starts in delimited text: Excel's `sep=` hint line, title lines above the header, blank rows.
// The platform's native extraction reads the uploaded text by the same rule (emulator/extract/csv.ts; parity in
// test/emulator/extract/layout-parity.test.ts), so the rows counted here are the records it creates.
import { parse } from 'csv-parse/sync';
import { HEADER_SEARCH_ROWS } from '../extract/header-row.js';

/** Excel's first-line hint `sep=;`: which character separates fields. */
export function sepHint(firstLine: string): string | undefined {
  return /^sep=(.)\s*$/i.exec(firstLine)?.[1];
}

/** A row whose every cell is empty or whitespace (`,,,,`): skipped and counted apart, never a record. */
export const isBlankRow = (row: readonly string[]): boolean => row.every((c) => c.trim() === '');

/**
 * The header's index among the first rows: the first row in which at least half of the table's width is filled, the
 * width being the fullest row among the first {@link HEADER_SEARCH_ROWS} — as for XLSX (extract/header-row.ts). A
 * title block ("Quarterly report", "Generated …") or a `sep=` line above the table is skipped that way.
 */
export function headerIndex(rows: readonly (readonly string[])[]): number {
  const searched = rows.slice(0, HEADER_SEARCH_ROWS);
  const filled = searched.map((r) => r.filter((c) => c.trim() !== '').length);
  const width = Math.max(0, ...filled);
  return Math.max(0, filled.findIndex((n) => n > 0 && n * 2 >= width));
}

export interface Layout {
  /** Records above the header (title lines, a `sep=` line), and how many of them are blank. */
  aboveHeader: number;
  blankAboveHeader: number;
}

/**
 * The layout from the decoded start of a file (whole lines only). Records that never end within the sample (a quoted
 * field running past it) leave the header at the first row.
 */
export function sampleLayout(sample: string, delimiter: string): Layout {
  let rows: string[][];
  try {
    rows = parse(sample, { delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: true, to: HEADER_SEARCH_ROWS }) as string[][];
  } catch {
    return { aboveHeader: 0, blankAboveHeader: 0 };
  }
  const at = headerIndex(rows);
  return { aboveHeader: at, blankAboveHeader: rows.slice(0, at).filter(isBlankRow).length };
}
