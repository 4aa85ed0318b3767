// Where each record of a file sits as the partner finds it again, so a rejected record can be sent back with a number
// the partner looks up. What the number counts depends on the format (`unit`):
// - `row` (CSV, TSV, PSV, XLSX): the row a spreadsheet shows, 1-based, the header row and title lines counted, blank
//   rows and empty lines counted (they are rows on screen, though no records), a quoted cell spanning lines one row, and
//   Excel's `sep=;` first line not counted (Excel reads it as a setting and does not show it);
// - `line` (JSON Lines, fixed-width text): the line an editor shows, 1-based, empty lines counted;
// - `element` (a JSON array): the object's place in the array, 1-based (`jq '.[n-1]'` finds it). A line number would
//   say nothing of a minified array, where every element starts on line 1.

/** A stretch of rows that are no records: one row, or `[first, count]`. */
export type SkippedRows = number | [first: number, count: number];

/** What a file's numbers count (see above). */
export type RowUnit = 'row' | 'line' | 'element';

/** A file's rows: the row before the first record's (the header's; 0 where there is none) and the rows after it that are no records. */
export interface NumberedRows {
  header: number;
  /** Ascending, never touching: stretches of rows (blank rows, empty lines) between records. */
  skipped: SkippedRows[];
  /** Absent: `row`. */
  unit?: RowUnit;
}

/** A file whose records cannot be numbered, and why, in words for the run and its notice. */
export interface UnnumberedRows {
  unnumbered: string;
}

export type SourceRows = NumberedRows | UnnumberedRows;

/**
 * Stretches of skipped rows kept per file: they ride on the ledger run (about 20 bytes each at most, so 40 kB), which
 * every run listing reads. A stretch is any number of rows, so only a file with more than this many separate stretches
 * of blank rows between its records (a blank row after every record of a 4,000-row file) goes unnumbered, and its run
 * says so. Blank rows after the last record are never kept: they move no record.
 */
export const MAX_SKIPPED_STRETCHES = 2_000;

export const isNumbered = (rows: SourceRows): rows is NumberedRows => !('unnumbered' in rows);

const unnumberedReason = (unit: RowUnit) =>
  `the file has more than ${MAX_SKIPPED_STRETCHES.toLocaleString('en-US')} separate stretches of blank ${unit === 'line' ? 'lines' : 'rows'} between its records`;

/**
 * Finds the row of records by their place in file order (0-based), in O(log stretches) each: the record at ordinal
 * `k` would be at `header + 1 + k` were nothing skipped; it is moved down by every row of the stretches at or before
 * where it lands. A stretch's start in that "nothing skipped" numbering (`start - rows skipped before it`) never
 * decreases, so the last stretch a record reaches is found by binary search.
 */
export function rowLocator(rows: NumberedRows): (ordinal: number) => number {
  const n = rows.skipped.length;
  const compressed = new Float64Array(n);
  const through = new Float64Array(n);
  let before = 0;
  rows.skipped.forEach((s, i) => {
    const [first, count] = typeof s === 'number' ? [s, 1] : s;
    compressed[i] = first - before;
    before += count;
    through[i] = before;
  });
  return (ordinal) => {
    const plain = rows.header + 1 + ordinal;
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compressed[mid]! <= plain) lo = mid + 1;
      else hi = mid;
    }
    return plain + (lo > 0 ? through[lo - 1]! : 0);
  };
}

/** The row of the record at `ordinal` (0-based, in file order). */
export function sourceRowOf(rows: NumberedRows, ordinal: number): number {
  return rowLocator(rows)(ordinal);
}

/**
 * Collects the stretches of skipped rows as rows go by in order, within {@link MAX_SKIPPED_STRETCHES}; stretches after
 * the last record are dropped at the end.
 */
export class SkippedStretches {
  private readonly stretches: [number, number][] = [];
  private lastRecord = 0;
  /** A stretch came past the limit: harmless if no record follows it (blank rows at the end), fatal otherwise. */
  private pastLimit = false;
  private overflow = false;

  constructor(private readonly unit: RowUnit = 'row') {}

  /** Skips `count` rows from `first` on. */
  skip(first: number, count = 1): void {
    if (count <= 0 || this.pastLimit) return;
    const last = this.stretches.at(-1);
    if (last && last[0] + last[1] === first) last[1] += count;
    else if (this.stretches.length < MAX_SKIPPED_STRETCHES) this.stretches.push([first, count]);
    else this.pastLimit = true;
  }

  record(row: number): void {
    if (this.pastLimit) this.overflow = true;
    this.lastRecord = row;
  }

  result(header: number): SourceRows {
    if (this.overflow) return { unnumbered: unnumberedReason(this.unit) };
    const kept = this.stretches.filter(([first]) => first < this.lastRecord);
    return {
      header,
      skipped: kept.map(([first, count]): SkippedRows => (count === 1 ? first : [first, count])),
      ...(this.unit !== 'row' ? { unit: this.unit } : {}),
    };
  }
}

/** What a record of delimited text is: an empty line, every field blank (`,,,`), or a row with content. */
export type RecordKind = 'empty' | 'blank' | 'content';

/**
 * Builds {@link SourceRows} from the records of delimited text as they stream by. `aboveHeader` is the number of
 * non-empty records above the header (layout.ts), `sepLine` whether the first of them is Excel's `sep=` line.
 */
export class SourceRowTracker {
  private row = 0;
  private nonEmpty = 0;
  private seen = 0;
  private header: number | undefined;
  private readonly stretches = new SkippedStretches('row');

  constructor(
    private readonly aboveHeader: number,
    private readonly sepLine: boolean,
  ) {}

  record(kind: RecordKind): void {
    const first = this.seen++ === 0;
    if (!(first && this.sepLine && kind !== 'empty')) this.row++;
    if (kind !== 'empty') this.nonEmpty++;
    if (this.header === undefined) {
      if (kind !== 'empty' && this.nonEmpty === this.aboveHeader + 1) this.header = this.row;
      return;
    }
    if (kind === 'content') this.stretches.record(this.row);
    else this.stretches.skip(this.row);
  }

  result(): SourceRows | undefined {
    return this.header === undefined ? undefined : this.stretches.result(this.header);
  }
}

/** Numbers the lines of line-per-record text (JSON Lines, fixed-width): a record per non-empty line. */
export class LineRows {
  private line = 0;
  private readonly stretches = new SkippedStretches('line');

  /** Called for each line in order; true when it is a record. */
  next(empty: boolean): void {
    this.line++;
    if (empty) this.stretches.skip(this.line);
    else this.stretches.record(this.line);
  }

  result(): SourceRows {
    return this.stretches.result(0);
  }
}
