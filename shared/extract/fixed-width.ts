import { createInterface } from 'node:readline';
import { LineRows } from '../normalize/source-rows.js';
import { baseName } from './names.js';
import type { OpenSource } from './types.js';

/**
 * Fixed-width text cut by the manifest's columns (1-based start, width), each cell trimmed; there is no header line,
 * the columns are the header. Blank lines are skipped.
 */
export const openFixedWidth: OpenSource = async (input, { fixedWidth, fileName }) => {
  if (!fixedWidth) {
    input.destroy();
    // A manifest problem, not the partner's: fail loudly so it is fixed, not rejected file by file.
    throw new Error('fixed-width extraction needs format.fixedWidth.columns in the feed manifest');
  }
  const { columns } = fixedWidth;
  // Each record's line, blank lines counted: the number a partner's editor shows (source-rows.ts).
  const lines = new LineRows();
  async function* rows(): AsyncGenerator<string[]> {
    for await (const line of createInterface({ input, crlfDelay: Infinity })) {
      const empty = line.trim() === '';
      lines.next(empty);
      if (empty) continue;
      // Code points, not UTF-16 units: a width counts characters as the partner's spec does.
      const chars: { slice(a: number, b: number): string | string[] } = /[\uD800-\uDFFF]/.test(line) ? Array.from(line) : line;
      yield columns.map((c) => {
        const cut = chars.slice(c.start - 1, c.start - 1 + c.width);
        return (typeof cut === 'string' ? cut : cut.join('')).trim();
      });
    }
  }
  return { sheetName: baseName(fileName), columns: columns.map((c) => c.label ?? c.key), rows: rows(), sourceRows: () => lines.result() };
};
