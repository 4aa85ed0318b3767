import type { SourceRows } from '../normalize/source-rows.js';
import type { Readable } from 'node:stream';
import { BadInputError, isBadInput, type RejectReason } from '../errors/index.js';
import type { FlatfileApi, FlatfileConnection } from '../flatfile/client.js';
import type { ExtractWork } from '../work/messages.js';
import { jobHeartbeat } from '../flatfile/job-heartbeat.js';
import { completedUpload } from '../flatfile/upload-complete.js';
import { downloadFile } from './download.js';
import { createFileWorkbook } from './file-workbook.js';
import { insertRows } from './insert-rows.js';
import { toFields } from './keys.js';
import { byteCounter, throttled } from '../run/progress.js';
import { sourceFor, unsupportedReason } from './sources.js';
import type { FormatOptions } from './types.js';

export interface ExtractDeps {
  api: Pick<FlatfileApi, 'files' | 'jobs' | 'records' | 'workbooks'>;
  /** Token and base URL of `api`, for the record inserts (see postRecords). */
  connection: FlatfileConnection;
  fetch?: typeof fetch;
  /** The feed's format options from the manifest (sheet, header row, fixed-width columns). */
  format: FormatOptions;
  environmentId?: string;
  chunkSize?: number;
  /**
   * Chunks in flight. 1 by default: Flatfile appends records in the order requests arrive, and partners and
   * reviewers refer to rows by their place in the file; parsing still overlaps the one request in flight.
   */
  concurrency?: number;
  /** Minimum time between progress acks. */
  progressEveryMs?: number;
  /** Acks between progress reports, so a slow parse or slow inserts never let the job go unacknowledged (job-heartbeat.ts). */
  heartbeatMs?: number;
  /** Told with each progress ack: bytes of the file read so far, of its size (the run's ledger progress). */
  onProgress?: (done: number, total: number) => Promise<void>;
}

export type ExtractResult =
  | { outcome: 'extracted'; workbookId: string; sheetId: string; rowsRead: number; recordsCreated: number; sourceRows?: SourceRows }
  | { outcome: 'rejected'; reason: RejectReason; message: string }
  /** The job had already finished (a redelivered message): nothing was done. */
  | { outcome: 'skipped'; jobStatus: string };

/**
 * Runs an `extract-plugin-<format>` job as Flatfile's extractors do (util-extractor): ack, read the file, create
 * the `[file] <name>` workbook and link it to the file, insert the records in chunks while acking progress, mark the
 * file complete and complete the job, so mapping sees the same thing as after native CSV extraction. Unlike them,
 * the file streams: nothing holds it whole. A bad file fails the job with the reason and is reported, not thrown;
 * anything else is thrown so the message is retried, and a retry starts over from a clean slate.
 */
export async function runExtraction(work: ExtractWork, deps: ExtractDeps): Promise<ExtractResult> {
  const { api } = deps;
  const { data: job } = await api.jobs.get(work.jobId);
  if (job.status === 'complete' || job.status === 'failed' || job.status === 'canceled') {
    return { outcome: 'skipped', jobStatus: job.status };
  }
  await api.jobs.ack(work.jobId, { progress: 1, info: 'Retrieving file' });
  let { data: file } = await api.files.get(work.fileId);
  // A previous attempt died half-way: drop its partial workbook rather than add to it.
  if (file.workbookId) await api.workbooks.delete(file.workbookId!);

  let workbookId: string | undefined;
  let download: Readable | undefined;
  let progress = { progress: 1, info: 'Retrieving file' };
  const heartbeat = jobHeartbeat(api, work.jobId, () => progress, deps.heartbeatMs);
  try {
    const open = sourceFor(work.format);
    if (!open) throw new BadInputError('unsupported-format', unsupportedReason(work.format));
    // A run's file is whole: its extraction is made only once ingress's upload returned. Anyone else's (a person's
    // upload into the Space) may still be arriving: file:created, which made this job, comes when an upload begins.
    if (!work.runId) {
      file = await completedUpload(api, file, {
        onWait: () => void api.jobs.ack(work.jobId, (progress = { progress: 1, info: 'Waiting for the upload to complete' })).catch(() => undefined),
      });
    }
    download = await downloadFile(deps.connection, work.fileId, deps.fetch);
    const counter = byteCounter();
    download.on('error', (e) => counter.destroy(e));
    download.pipe(counter);
    const source = await open(counter, { ...deps.format, fileName: file.name });
    // No column at all means nothing was read: an empty sheet or an empty array.
    if (source.columns.length === 0) throw new BadInputError('empty-file', 'the file holds no records');

    await api.jobs.ack(work.jobId, (progress = { progress: 5, info: 'Creating workbook' }));
    const fields = toFields(source.columns);
    const sheet = await createFileWorkbook(api, file, deps.environmentId, source.sheetName, fields);
    workbookId = sheet.workbookId;
    await api.files.update(file.id, { workbookId });
    await api.jobs.ack(work.jobId, (progress = { progress: 10, info: 'Adding records' }));

    const ack = throttled(deps.progressEveryMs ?? 2_000, () => {
      const share = file.size > 0 ? counter.bytes() / file.size : 0;
      void deps.onProgress?.(counter.bytes(), file.size).catch(() => undefined);
      progress = { progress: Math.min(99, Math.round(10 + 89 * share)), info: 'Adding records' };
      return api.jobs.ack(work.jobId, progress).then(() => undefined);
    });
    const counts = await insertRows(api, sheet, fields, source, {
      connection: deps.connection,
      ...(deps.fetch ? { fetch: deps.fetch } : {}),
      chunkSize: deps.chunkSize ?? 5_000,
      concurrency: deps.concurrency ?? 1,
      onChunk: ack,
    });

    await api.files.update(file.id, { status: 'complete' });
    await api.jobs.complete(work.jobId, {
      info: 'Extraction complete',
      outcome: { message: `Extracted ${counts.recordsCreated} records from ${file.name}` },
    });
    const sourceRows = source.sourceRows?.();
    return { outcome: 'extracted', workbookId: sheet.workbookId, sheetId: sheet.sheetId, ...counts, ...(sourceRows ? { sourceRows } : {}) };
  } catch (e) {
    if (!isBadInput(e)) throw e;
    // A rejected file leaves no half-extracted records behind for anyone to map.
    if (workbookId) await api.workbooks.delete(workbookId!);
    await api.files.update(file.id, { status: 'failed' });
    await api.jobs.fail(work.jobId, { info: 'Extraction failed', outcome: { message: `${file.name}: ${e.message}` } });
    return { outcome: 'rejected', reason: e.reason, message: e.message };
  } finally {
    heartbeat.stop();
    // Whatever a source left unread (later sheets, the rest of a rejected file) is not downloaded.
    download?.destroy();
  }
}
