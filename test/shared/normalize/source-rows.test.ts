import { describe, expect, it } from 'vitest';
import {
  LineRows,
  MAX_SKIPPED_STRETCHES,
  rowLocator,
  SourceRowTracker,
  type NumberedRows,
  type RecordKind,
} from '../../../shared/normalize/source-rows.js';

/** The rows of records, counted one by one: what the stretches and the binary search must agree with. */
function naiveRows(header: number, skippedRows: Set<number>, records: number): number[] {
  const out: number[] = [];
  for (let row = header + 1; out.length < records; row++) if (!skippedRows.has(row)) out.push(row);
  return out;
}

const tracked = (kinds: RecordKind[], aboveHeader = 0, sepLine = false) => {
  const t = new SourceRowTracker(aboveHeader, sepLine);
  for (const k of kinds) t.record(k);
  return t.result();
};

describe('rowLocator', () => {
  it('agrees with counting row by row, for single rows and stretches alike', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let trial = 0; trial < 200; trial++) {
      const header = Math.floor(random() * 5);
      const skippedRows = new Set<number>();
      const skipped: NumberedRows['skipped'] = [];
      let row = header + 1;
      for (let s = 0; s < 1 + Math.floor(random() * 6); s++) {
        row += Math.floor(random() * 4) + 1;
        const count = 1 + Math.floor(random() * 3);
        skipped.push(count === 1 ? row : [row, count]);
        for (let r = row; r < row + count; r++) skippedRows.add(r);
        row += count;
      }
      const records = 20;
      const at = rowLocator({ header, skipped });
      expect(Array.from({ length: records }, (_, k) => at(k)), JSON.stringify({ header, skipped })).toEqual(naiveRows(header, skippedRows, records));
    }
  });
});

describe('SourceRowTracker: rows of delimited text', () => {
  it('keeps a block of 5,000 blank rows between records as one stretch, and numbers the records after it', () => {
    const rows = tracked(['content', 'content', ...Array<RecordKind>(5_000).fill('blank'), 'content']);
    expect(rows).toEqual({ header: 1, skipped: [[3, 5_000]] });
    const at = rowLocator(rows as NumberedRows);
    expect([0, 1].map(at)).toEqual([2, 5_003]);
  });

  it('keeps no blank rows after the last record: they move no record', () => {
    expect(tracked(['content', 'content', 'empty', 'content', 'blank', 'empty', 'blank'])).toEqual({ header: 1, skipped: [3] });
  });

  it(`numbers a file with ${MAX_SKIPPED_STRETCHES} separate stretches between records, and blank rows after them`, () => {
    const kinds: RecordKind[] = ['content'];
    for (let i = 0; i < MAX_SKIPPED_STRETCHES; i++) kinds.push('content', 'blank');
    kinds.push('content', 'blank', 'empty');
    const rows = tracked(kinds) as NumberedRows;
    expect(rows.skipped).toHaveLength(MAX_SKIPPED_STRETCHES);
    // The last record: header row 1, then MAX pairs of (record, blank), then the record.
    expect(rowLocator(rows)(MAX_SKIPPED_STRETCHES)).toBe(2 + 2 * MAX_SKIPPED_STRETCHES);
  });

  it('says why a file with more separate stretches than that is not numbered', () => {
    const kinds: RecordKind[] = ['content'];
    for (let i = 0; i <= MAX_SKIPPED_STRETCHES; i++) kinds.push('content', 'blank');
    kinds.push('content');
    expect(tracked(kinds)).toEqual({ unnumbered: 'the file has more than 2,000 separate stretches of blank rows between its records' });
  });
});

describe('LineRows: lines of JSON Lines and fixed-width text', () => {
  it('numbers each record by its line, empty lines counted, none kept after the last record', () => {
    const lines = new LineRows();
    for (const empty of [true, false, false, true, true, false, true]) lines.next(empty);
    const rows = lines.result() as NumberedRows;
    expect(rows).toEqual({ header: 0, skipped: [1, [4, 2]], unit: 'line' });
    expect([0, 1, 2].map(rowLocator(rows))).toEqual([2, 3, 6]);
  });
});
