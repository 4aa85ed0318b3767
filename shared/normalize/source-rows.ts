// Where each record of a file sits as the partner sees the file in a spreadsheet, so a rejected record can be sent
// back with the row number the partner looks up: 1-based, the header row and title lines counted, blank rows and
// empty lines counted (they are rows on screen, though no records), a quoted cell spanning lines one row, and Excel's
// `sep=;` first line not counted (Excel reads it as a setting and does not show it).

/** A file's rows: the header's row and the rows after it that are no records, ascending. */
export interface SourceRows {
  header: number;
  skipped: number[];
}

/**
 * Skipped rows kept per file (a few kB on the ledger run). A file with more blank rows than this gets no row numbers
 * rather than wrong ones.
 */
export const MAX_SKIPPED_ROWS = 1_000;

/** The spreadsheet row of the record at `ordinal` (0-based, in file order). */
export function sourceRowOf(rows: SourceRows, ordinal: number): number {
  let row = rows.header + 1 + ordinal;
  for (const skipped of rows.skipped) {
    if (skipped > row) break;
    row++;
  }
  return row;
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
  private readonly skipped: number[] = [];
  private overflow = false;

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
    if (kind === 'content') return;
    if (this.skipped.length < MAX_SKIPPED_ROWS) this.skipped.push(this.row);
    else this.overflow = true;
  }

  result(): SourceRows | undefined {
    if (this.header === undefined || this.overflow) return undefined;
    return { header: this.header, skipped: [...this.skipped] };
  }
}
