import type { FlatfileConnection } from '../flatfile/client.js';
import type { S3Client } from '@aws-sdk/client-s3';
import type { Feed } from '../manifest/index.js';
import type { EgressKeys, OutboxFormat } from './keys.js';
import { forEachPage } from './pages.js';
import type { ExportTally } from './reconcile.js';
import { reasonsOf, rowOf, type SheetRecord } from './rows.js';
import { PageScanner, type PageHandler } from './scan.js';
import { CsvWriter, JsonlWriter, type RowWriter } from './writers.js';

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
  /** After each page, e.g. to report progress. */
  onPage?: (tally: ExportTally) => Promise<void>;
}

/** Column of the Flatfile record id in the outbox, so consumers of incremental exports can upsert. */
export const RECORD_ID_COLUMN = '_id';
/** Column of the rejects file holding every error message of the record. */
export const REASONS_COLUMN = 'reasons';

const CONTENT_TYPES: Record<OutboxFormat, string> = {
  jsonl: 'application/x-ndjson; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
};

/**
 * One pass over the sheet's records (or those changed since a commit): valid records to every outbox format, invalid
 * ones to the rejects file (or to the outbox too with `include: all`, or nowhere when held for review). Objects are
 * complete only when the whole pass succeeded; on failure every upload is aborted and nothing partial appears.
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
  const rejects = keys.rejects
    ? new CsvWriter(sink(input.buckets.rejects, keys.rejects, CONTENT_TYPES.csv), { columns: [...fields, REASONS_COLUMN], escapeFormulas: true })
    : undefined;
  const writers = rejects ? [...outbox, rejects] : outbox;
  const includeInvalid = feed.egress.include === 'all';
  const tally: ExportTally = { valid: 0, invalid: 0, egressed: 0, rejected: 0, held: 0 };

  const scanner = new PageScanner(fields);
  // Valid records as the scanner read them go to the outbox by copying; every other record is an object.
  const onRecord: PageHandler = {
    scanned(record) {
      tally.valid++;
      for (const w of outbox) w.addScanned(record);
      tally.egressed++;
    },
    object(record) {
      const valid = isValid(record);
      if (valid) tally.valid++;
      else tally.invalid++;
      if (valid || includeInvalid) {
        const row = { [RECORD_ID_COLUMN]: record.id, ...rowOf(record, fields) };
        for (const w of outbox) w.add(row);
        tally.egressed++;
      }
      if (valid) return;
      if (rejects) {
        rejects.add({ ...rowOf(record, fields), [REASONS_COLUMN]: reasonsOf(record, fields) });
        tally.rejected++;
      } else tally.held++;
    },
  };

  try {
    const query = { pageSize: feed.egress.pageSize, ...(input.sinceCommitId ? { sinceCommitId: input.sinceCommitId } : {}) };
    await forEachPage(input.flatfile, input.sheetId, query, input.call, async (body, pageNumber) => {
      const count = scanner.scan(body, `GET records of sheet ${input.sheetId} page ${pageNumber}`, onRecord);
      if (count > 0) {
        await Promise.all(writers.map((w) => w.flush()));
        await input.onPage?.(tally);
      }
      return count;
    });
    await Promise.all(writers.map((w) => w.end()));
    return tally;
  } catch (e) {
    await Promise.all(writers.map((w) => w.abort()));
    throw e;
  }
}

/** Flatfile computes `valid`; a record without it is judged by its error messages. */
function isValid(record: SheetRecord): boolean {
  if (record.valid !== undefined) return record.valid;
  return !Object.values(record.values).some((c) => c?.messages?.some((m) => (m.type ?? 'error') === 'error'));
}
