import type { Paint, Style } from './colour.js';

export interface Column {
  header: string;
  /** Numbers read best right-aligned. */
  align?: 'left' | 'right';
  /** May be cut (in the middle, with …) when the table is wider than the terminal; the widest such column goes first. */
  shrink?: boolean;
  /** Colour of a cell, by its text. */
  style?: (cell: string) => Style | undefined;
}

export interface TableOptions {
  /** The terminal's width: shrinkable columns are cut so that lines fit. Undefined: nothing is cut. */
  width?: number;
  paint?: Paint;
}

const MIN_SHRUNK = 12;

/**
 * A plain-text table: a header row, a rule, then the rows, columns two spaces apart and padded to their widest cell.
 * Trailing spaces are trimmed so the output diffs and copies cleanly. Colour is applied after padding, so it never
 * moves a column.
 */
export function renderTable(columns: readonly Column[], rows: readonly (readonly string[])[], options: TableOptions = {}): string[] {
  const widths = columns.map((c, i) => Math.max(c.header.length, ...rows.map((r) => (r[i] ?? '').length)));
  if (options.width !== undefined) fit(columns, widths, options.width);
  const paint = options.paint ?? ((_s, t) => t);
  const line = (cells: readonly string[], styled: boolean) =>
    columns
      .map((c, i) => {
        const w = widths[i]!;
        const cell = cut(cells[i] ?? '', w);
        const padded = c.align === 'right' ? cell.padStart(w) : cell.padEnd(w);
        return styled && c.style ? paint(c.style(cells[i] ?? ''), padded) : padded;
      })
      .join('  ')
      .trimEnd();
  return [line(columns.map((c) => c.header), false), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map((r) => line(r, true))];
}

function fit(columns: readonly Column[], widths: number[], width: number): void {
  const total = () => widths.reduce((a, b) => a + b, 0) + 2 * (widths.length - 1);
  while (total() > width) {
    let widest = -1;
    columns.forEach((c, i) => {
      if (c.shrink && widths[i]! > MIN_SHRUNK && (widest < 0 || widths[i]! > widths[widest]!)) widest = i;
    });
    if (widest < 0) return;
    widths[widest] = Math.max(MIN_SHRUNK, widths[widest]! - (total() - width));
  }
}

/** Cuts the middle out of a text longer than the width: the start and the end of a key say the most. */
function cut(text: string, width: number): string {
  if (text.length <= width) return text;
  const head = Math.ceil((width - 1) / 2);
  return `${text.slice(0, head)}…${text.slice(text.length - (width - 1 - head))}`;
}
