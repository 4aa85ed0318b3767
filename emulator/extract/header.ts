import type { Json } from '../types.js';

/** Spreadsheet column letters: A … Z, AA, AB … */
export function columnLetter(i: number): string {
  let s = '';
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/**
 * `POST /files/detect-header`, as extractors use it: `header` is the header row's values and `headerRow` the number
 * of rows to skip before data (util-extractor slices data rows at it).
 */
export function detectHeader(options: Json, data: string[][]): { header: string[]; headerRow: number; letters: string[] } {
  const skip = typeof options.skip === 'number' ? options.skip : undefined;
  let header: string[];
  let headerRow: number;
  if (options.algorithm === 'explicitHeaders') {
    header = (options.headers as string[] | undefined) ?? [];
    headerRow = skip ?? 0;
  } else if (options.algorithm === 'specificRows') {
    const rows = ((options.rowNumbers as number[] | undefined) ?? [0]).map((n) => data[n] ?? []);
    const width = Math.max(0, ...rows.map((r) => r.length));
    header = Array.from({ length: width }, (_, c) => rows.map((r) => r[c] ?? '').filter(Boolean).join(' '));
    headerRow = skip ?? Math.max(...((options.rowNumbers as number[] | undefined) ?? [0])) + 1;
  } else {
    // The fullest row among the first rows searched; the earliest wins a tie.
    const searched = data.slice(0, typeof options.rowsToSearch === 'number' ? options.rowsToSearch : 10);
    let best = 0;
    searched.forEach((row, i) => {
      if (row.filter((v) => v !== '').length > (searched[best] ?? []).filter((v) => v !== '').length) best = i;
    });
    header = searched[best] ?? [];
    headerRow = searched.length === 0 ? 0 : best + 1;
  }
  return { header, headerRow, letters: header.map((_, i) => columnLetter(i)) };
}
