import type { FlatfileConnection } from '../flatfile/client.js';
import type { S3Client } from '@aws-sdk/client-s3';
import type { Feed } from '../manifest/index.js';
import type { EgressKeys, OutboxFormat } from './keys.js';
import { forEachPage } from './pages.js';
import type { ExportTally } from './reconcile.js';
import { cellOf, reasonKind, reasonListOf, rowOf, type SheetRecord } from './rows.js';
import { JsonlScanner, type PageHandler } from './jsonl-scan.js';
import { CsvWriter, JsonlWriter, type RowWriter } from './writers.js';
import { PartnerCsvWriter, partnerReason, type PartnerLayout } from './partner-csv.js';
import type { PartnerColumn, PartnerRow } from './partner-rows.js';
import type { SinkOptions } from './sink.js';
import type { RowUnit } from '../normalize/source-rows.js';

export interface StreamExportInput {
  /** Records are read over HTTP with these credentials (see pages.ts). */
  flatfile: FlatfileConnection;
  s3: S3Client;
  feed: Feed;
  sheetId: string;
  keys: EgressKeys;
  buckets: { outbox: string; rejects: string };
  sinceCommitId?: string;
  partSizeBytes?: number;
  /** Wraps each Flatfile call (retries). */
  call: <T>(fn: () => Promise<T>) => Promise<T>;
  /** Filled with each rejected record's reasons (values left out) and how many records had them. */
  reasonCounts?: Map<string, number>;
  /**
   * The partner's row number of each of a page's invalid records (source-rows.ts), for the rejects file's first
   * column; absent, or without an id, leaves the cell empty.
   */
  rowNumbers?: (recordIds: string[]) => Promise<ReadonlyMap<string, number>>;
  /** What those numbers count, and so the first column's name: `row` (absent), `line` or `element`. */
  rowUnit?: RowUnit;
  /** With `egress.rejectsLayout: partner`: how the partner wrote the file (the run's). */
  partner?: PartnerLayout;
  /**
   * With `egress.rejectsLayout: partner`: the partner's columns (every one, mapped or not) and their own row of each of
   * a page's invalid records (partner-rows.ts), written instead of the mapped fields; absent, the rejects file holds
   * the mapped fields under the partner's headers.
   */
  partnerRows?: { columns: readonly PartnerColumn[]; rowsOf: (recordIds: string[]) => Promise<ReadonlyMap<string, PartnerRow>> };
  /** Filled with what the partner should hear about the export itself (text the rejects file could not encode). */
  notes?: string[];
  /** After each page, e.g. to report progress. */
  onPage?: (tally: ExportTally) => Promise<void>;
}

/** Column of the Flatfile record id in the outbox, so consumers of incremental exports can upsert. */
export const RECORD_ID_COLUMN = '_id';
/** Column of the rejects file holding every error message of the record. */
export const REASONS_COLUMN = 'reasons';
/**
 * First column of the rejects file: the record's row in the partner's file, as a spreadsheet numbers it; named
 * `line` for JSON Lines and fixed-width text (the line an editor shows) and `element` for a JSON array (the object's
 * place in it), so the header says what the number counts.
 */
export const ROW_COLUMN: RowUnit = 'row';

const CONTENT_TYPES: Record<OutboxFormat, string> = {
  jsonl: 'application/x-ndjson; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
};

/**
 * The sheet's records (or those changed since a commit), streamed a page at a time: valid records to every outbox
 * format and, read alongside, invalid ones to the rejects file (or to the outbox too with `include: all`, or nowhere
 * when held for review). Objects are complete only when the whole export succeeded; on failure every upload is aborted and nothing
 * partial appears.
 */
export async function streamExport(input: StreamExportInput): Promise<ExportTally> {
  const { feed, keys } = input;
  const fields = feed.fields.map((f) => f.key);
  const outboxColumns = [RECORD_ID_COLUMN, ...fields];
  const sink = (bucket: string, key: string, contentType: string) => ({
    s3: input.s3,
    bucket,
    key,
    contentType,
    ...(input.partSizeBytes ? { partSizeBytes: input.partSizeBytes } : {}),
  });
  const outbox: RowWriter[] = (Object.entries(keys.outbox) as [OutboxFormat, string][]).map(([format, key]) => {
    const target = sink(input.buckets.outbox, key, CONTENT_TYPES[format]);
    return format === 'csv' ? new CsvWriter(target, { columns: outboxColumns, escapeFormulas: feed.egress.csvFormulaEscape }) : new JsonlWriter(target, { fields });
  });
  // People open rejects files in spreadsheets: formulas are always neutralised there.
  const partner = feed.egress.rejectsLayout === 'partner' ? (input.partner ?? {}) : undefined;
  const rejects = keys.rejects ? rejectsWriter(sink(input.buckets.rejects, keys.rejects, CONTENT_TYPES.csv), fields, partner, input.partnerRows?.columns, input.rowUnit) : undefined;
  const writers = rejects ? [...outbox, rejects] : outbox;
  const includeInvalid = feed.egress.include === 'all';
  const tally: ExportTally = { valid: 0, invalid: 0, egressed: 0, rejected: 0, held: 0 };
  const scanner = new JsonlScanner(fields);

  const toOutbox = (record: SheetRecord) => {
    const row = { [RECORD_ID_COLUMN]: record.id, ...rowOf(record, fields) };
    for (const w of outbox) w.add(row);
  };
  // The first record id of the current page, to tell a page from the one before (see forEachPage).
  let firstId: string | undefined;
  // Valid records as the scanner read them go to the outbox by copying; a line it cannot vouch for, as an object.
  const onValid: PageHandler = {
    scanned(record) {
      // A plain string: its text is the bytes between the quotes.
      firstId ??= record.src.toString('utf8', record.idStart + 1, record.idEnd - 1);
      for (const w of outbox) w.addScanned(record);
    },
    object(record) {
      firstId ??= record.id;
      toOutbox(record);
    },
  };
  const onInvalid = (record: SheetRecord, row: number | undefined, own: PartnerRow | undefined) => {
    tally.invalid++;
    if (includeInvalid) {
      toOutbox(record);
      tally.egressed++;
    }
    const reasons = reasonListOf(record, fields);
    if (input.reasonCounts) {
      for (const kind of new Set(reasons.map(reasonKind))) input.reasonCounts.set(kind, (input.reasonCounts.get(kind) ?? 0) + 1);
    }
    if (rejects instanceof PartnerCsvWriter) {
      const named = reasons.map((r) => partnerReason(r, partner?.headers));
      const cells = input.partnerRows ? (own?.cells ?? input.partnerRows.columns.map(() => null)) : fields.map((f) => cellOf(record.values[f]?.value));
      rejects.addCells([own?.row ?? row ?? null, ...cells, named.length > 0 ? named.join('; ') : NO_MESSAGE]);
      tally.rejected++;
    } else if (rejects) {
      rejects.add({
        [rowColumn(fields, input.rowUnit)]: row ?? null,
        ...rowOf(record, fields),
        [REASONS_COLUMN]: reasons.length > 0 ? reasons.join('; ') : NO_MESSAGE,
      });
      tally.rejected++;
    } else tally.held++;
  };
  const flushed = async () => {
    await Promise.all(writers.map((w) => w.flush()));
    await input.onPage?.(tally);
  };

  // The first failure of either read; the other stops at its next page.
  let failure: unknown;
  const read = async (pass: () => Promise<void>) => {
    try {
      await pass();
    } catch (e) {
      failure ??= e;
      throw e;
    }
  };
  const since = input.sinceCommitId ? { sinceCommitId: input.sinceCommitId } : {};
  const pageSize = feed.egress.pageSize;
  try {
    // Two reads of the sheet at once, each as Flatfile selects it: valid records, and invalid ones with their
    // messages. Their records go to different objects, or with `include: all` both to the outbox a page at a time.
    const reads = await Promise.allSettled([
      read(() =>
        forEachPage(input.flatfile, input.sheetId, { pageSize, filter: 'valid', ...since }, input.call, async (body, pageNumber) => {
          if (failure) throw failure;
          firstId = undefined;
          const count = scanner.scan(body, `GET valid records of sheet ${input.sheetId} page ${pageNumber}`, onValid);
          tally.valid += count;
          tally.egressed += count;
          if (count > 0) await flushed();
          return { count, firstId };
        }),
      ),
      read(() =>
        forEachPage(input.flatfile, input.sheetId, { pageSize: Math.min(pageSize, INVALID_PAGE_SIZE), filter: 'error', ...since }, input.call, async (body, pageNumber) => {
          if (failure) throw failure;
          const records = recordsOf(body, `GET invalid records of sheet ${input.sheetId} page ${pageNumber}`);
          const ids = rejects && records.length > 0 ? records.map((r) => r.id) : undefined;
          const own = ids && input.partnerRows ? await input.partnerRows.rowsOf(ids) : undefined;
          const rows = ids && !own && input.rowNumbers ? await input.rowNumbers(ids) : undefined;
          for (const record of records) onInvalid(record, rows?.get(record.id), own?.get(record.id));
          if (records.length > 0) await flushed();
          return { count: records.length, firstId: records[0]?.id };
        }),
      ),
    ]);
    if (reads.some((r) => r.status === 'rejected')) throw failure;
    await Promise.all(writers.map((w) => w.end()));
    if (rejects instanceof PartnerCsvWriter && rejects.unencodable > 0) {
      input.notes?.push(`${rejects.unencodable} lines of the rejects file hold characters ${rejects.encoding} cannot write; they are written as "?"`);
    }
    return tally;
  } catch (e) {
    await Promise.all(writers.map((w) => w.abort()));
    throw e;
  }
}

const NO_MESSAGE = 'invalid record (no message given)';

/**
 * Invalid records per page of their read. A v1 record with its messages is ~780 bytes (the 1M-row bench), so a page of
 * 10,000 was a 7.8 MB body read whole, up to three at once (two fetched ahead), and decoded into one string that V8
 * keeps outside its heap (over ~1 MB) until a full collection: at the start of the 1M-row CSV egress, `external`
 * stood 51 MiB above `arrayBuffers`. Pages of 1,000 stay under a MB. Few records are invalid as a rule, so the
 * extra requests are few (20 instead of 2 at 1M rows, 2 % invalid).
 */
const INVALID_PAGE_SIZE = 1_000;

/**
 * The rejects file: UTF-8 CSV under the field keys, or as the partner wrote their file — their columns in their order
 * when known (else the mapped fields under their headers), between the row number and the reasons.
 */
function rejectsWriter(
  target: SinkOptions,
  fields: readonly string[],
  partner: PartnerLayout | undefined,
  own: readonly PartnerColumn[] | undefined,
  unit: RowUnit = ROW_COLUMN,
): RowWriter {
  if (!partner) return new CsvWriter(target, { columns: rejectsColumns(fields, unit), escapeFormulas: true });
  const headers = own ? own.map((c) => c.header) : fields.map((f) => (partner.headers && Object.hasOwn(partner.headers, f) ? partner.headers[f]! : f));
  return new PartnerCsvWriter(target, [freeName(unit, headers), ...headers, freeName(REASONS_COLUMN, headers)], partner);
}

/** `name`, or `_name` (`__name`, …) while the partner has a column of that name. */
function freeName(name: string, taken: readonly string[]): string {
  let free = name;
  while (taken.includes(free)) free = `_${free}`;
  return free;
}

/** The rejects file's columns: the partner's row number, the fields, the reasons. */
export function rejectsColumns(fields: readonly string[], unit: RowUnit = ROW_COLUMN): string[] {
  return [rowColumn(fields, unit), ...fields, REASONS_COLUMN];
}

/** `row` (or `line`, `element`), with a `_` before it when a field has that name. */
const rowColumn = (fields: readonly string[], unit: RowUnit = ROW_COLUMN): string => (fields.includes(unit) ? `_${unit}` : unit);

/** The records of a v1 page; a body that is not one is an error naming the request. */
function recordsOf(body: Buffer, what: string): SheetRecord[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch (e) {
    throw new Error(`${what}: response is not JSON (${(e as Error).message})`, { cause: e });
  }
  const records = (parsed as { data?: { records?: unknown } } | null)?.data?.records;
  if (!Array.isArray(records)) throw new Error(`${what}: response without data.records`);
  return records as SheetRecord[];
}
