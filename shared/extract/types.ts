import type { Readable } from 'node:stream';
import type { Format } from '../manifest/index.js';
import type { z } from 'zod';
import type { SourceRows } from '../normalize/source-rows.js';

/** The manifest's format options an extractor reads (sheet, header row, fixed-width columns). */
export type FormatOptions = Pick<z.output<typeof Format>, 'sheet' | 'headerRow' | 'fixedWidth'>;

/**
 * One cell as read: text, or a number the file itself typed (a JSON number, a numeric spreadsheet cell). A typed
 * number is never turned into text, so no feed's number format can re-read it (a 1.234 cell read as "1.234" in a
 * de-DE feed would be one thousand two hundred and thirty-four).
 */
export type SourceCell = string | number;

/**
 * One sheet of a file, read as it streams: the header is known when the source is opened, rows follow.
 * Cell `i` of a row belongs to `columns[i]`; '' is an empty cell. `columns` may grow while rows are read (a JSON key
 * first seen late), never shrink or reorder, so readers can compare its length with what they have already seen.
 */
export interface RecordSource {
  /** Sheet name for the `[file]` workbook. */
  readonly sheetName: string;
  readonly columns: readonly string[];
  readonly rows: AsyncIterable<SourceCell[]>;
  /**
   * Where the rows read so far sit as a spreadsheet shows the file (normalize/source-rows.ts), for the rejects file's
   * row numbers; complete once `rows` has ended. Absent where the file has no rows to number.
   */
  sourceRows?(): SourceRows | undefined;
}

/** Opens a file's byte stream as a record source; a file that cannot be read is a BadInputError. */
export type OpenSource = (input: Readable, options: FormatOptions & { fileName: string }) => Promise<RecordSource>;
