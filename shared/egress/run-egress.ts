import type { FlatfileConnection } from '../flatfile/client.js';
import type { EgressApi } from './flatfile-resources.js';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { Ledger, Run, RunCounts, RunState } from '../ledger/index.js';
import type { Feed, Manifest } from '../manifest/index.js';
import { sendNotice } from '../notify/outbound.js';
import { endRun, finalState, moveRun, reportProgress } from '../run/index.js';
import { jobHeartbeat } from '../flatfile/job-heartbeat.js';
import { extractedRecords, fileSheet, waitUntilSettled } from './settle.js';
import { partnerRows } from './partner-rows.js';
import { feedMetrics, MetricUnit, type Telemetry } from '../telemetry/index.js';
import type { EgressWork } from '../work/messages.js';
import { egressKeys, rejectsInvalid } from './keys.js';
import { invalidRatio, reconcile, type ExportTally } from './reconcile.js';
import { rowNumbers } from './row-numbers.js';
import { orderMismatch } from './row-order.js';
import { isNumbered, type RowUnit } from '../normalize/source-rows.js';
import { topReasons } from './rows.js';
import { streamExport, type StreamExportInput } from './stream-export.js';
import { exportBase, newestCommitId, previousSync, stampSync, type EgressMode } from './sync-stamp.js';

export interface EgressDeps {
  api: EgressApi;
  /** The same Flatfile, for the bulk record reads that bypass the SDK (pages.ts). */
  flatfile: FlatfileConnection;
  s3: S3Client;
  sqs: SQSClient;
  ledger: Ledger;
  manifest: Manifest;
  buckets: { outbox: string; rejects: string };
  outboundQueueUrl: string;
  telemetry: Telemetry;
  partSizeBytes?: number;
  /** Minimum time between progress acks on the job. */
  progressEveryMs?: number;
  /** Acks between progress reports, so waiting for counts or a slow export never lets the job go unacknowledged. */
  heartbeatMs?: number;
  /** How long egress waits for commits and record counts to settle (settle.ts). */
  settle?: { timeoutMs?: number; intervalMs?: number };
}

export type EgressResult =
  | {
      outcome: 'exported';
      exportId: string;
      state: RunState;
      mode: EgressMode;
      objects: string[];
      counts: RunCounts;
      export: ExportTally;
      mismatches: string[];
      notes: string[];
    }
  /** The job had already finished (a redelivered message): nothing was done. */
  | { outcome: 'skipped'; jobStatus: string }
  /** The feed cannot be exported as configured: the job failed with the reason, nothing to retry. */
  | { outcome: 'refused'; reason: string };

const endDeps = (d: EgressDeps) => ({ ledger: d.ledger, sqs: d.sqs, outboundQueueUrl: d.outboundQueueUrl, telemetry: d.telemetry });

const FINISHED = new Set(['complete', 'failed', 'canceled']);

/**
 * Runs one `flatfeed-egress` job: waits until no commit on the sheet is still being validated, streams the export,
 * stamps the workbook and Space, closes the run in the ledger with reconciled counts, sends the outbound notice and
 * finishes the job with an outcome naming the objects. Re-running it (redelivery, "Sync now" of the same run)
 * rewrites the same objects. A failure is thrown for SQS to redeliver; on the final delivery it also fails the job.
 */
export async function runEgress(work: EgressWork, deps: EgressDeps, opts: { finalAttempt: boolean } = { finalAttempt: true }): Promise<EgressResult> {
  const { api } = deps;
  // Flatfile calls retry in the gateway (shared/flatfile); `call` stays the seam stream-export is given.
  const call = <T>(fn: () => Promise<T>) => fn();
  const { data: job } = await call(() => api.jobs.get(work.jobId));
  if (job.status && FINISHED.has(job.status)) return { outcome: 'skipped', jobStatus: job.status };

  const feed = deps.manifest.feeds.find((f) => f.name === work.feed);
  if (!feed) {
    // The manifest deployed with this function no longer has the feed the run belongs to: nothing can export it.
    const reason = `feed "${work.feed}" is not in the manifest`;
    deps.telemetry.logger.error('egress refused', { feed: work.feed, jobId: work.jobId, reason });
    if (work.runId) await endRun(endDeps(deps), work.runId, 'failed', `config: ${reason}`);
    await call(() => api.jobs.fail(work.jobId, { info: 'Export refused', outcome: { message: reason } }));
    return { outcome: 'refused', reason };
  }

  const started = Date.now();
  const heartbeat = jobHeartbeat(api, work.jobId, () => ({ info: 'Exporting' }), deps.heartbeatMs);
  try {
    await call(() => api.jobs.ack(work.jobId, { progress: 1, info: 'Waiting for validation to finish' }));
    const run = work.runId ? await deps.ledger.getRun(work.runId) : undefined;
    // The records extraction created, counted once the platform's cached counts have caught up (settle.ts); the
    // count mapping read right after extraction may predate them.
    const created = run?.fileId ? await extractedRecords(api, run.fileId, deps.settle) : run?.counts?.recordsCreated;
    const settled = await waitUntilSettled(api, work.sheetId, { ...(created !== undefined ? { expectedTotal: created } : {}), ...deps.settle });
    const result = await exportAndClose(work, feed, deps, call, job.createdAt, { ...(created !== undefined ? { created } : {}), ...(settled.note ? { note: settled.note } : {}) });
    feedMetrics(deps.telemetry.metrics, feed.name, (m) => m.addMetric('EgressSeconds', MetricUnit.Seconds, (Date.now() - started) / 1000));
    return result;
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    // Best effort: the error itself is what matters, and SQS redelivers the message.
    await (opts.finalAttempt
      ? api.jobs.fail(work.jobId, { info: 'Export failed', outcome: { message: `Export failed: ${message}` } })
      : api.jobs.ack(work.jobId, { info: `Export failed, retrying: ${message}` })
    ).catch(() => undefined);
    throw e;
  } finally {
    heartbeat.stop();
  }
}

async function exportAndClose(
  work: EgressWork,
  feed: Feed,
  deps: EgressDeps,
  call: <T>(fn: () => Promise<T>) => Promise<T>,
  jobCreatedAt: Date | string,
  settle: { created?: number; note?: string } = {},
): Promise<EgressResult> {
  const { api, ledger } = deps;
  const stored = work.runId ? await ledger.getRun(work.runId) : undefined;
  const run = stored && settle.created !== undefined ? { ...stored, counts: { ...stored.counts, recordsCreated: settle.created } } : stored;
  if (work.runId && !run) throw new Error(`run ${work.runId} is not in the ledger`);
  // "Sync now" has no run: the job stands in for it, so its objects are as deterministic as a run's.
  const exportId = run?.runId ?? work.jobId;
  const mode: EgressMode = work.mode ?? feed.egress.mode;
  const keys = egressKeys(feed, exportId, run?.createdAt ?? new Date(jobCreatedAt).toISOString(), feed.egress.formats);

  const { data: workbook } = await call(() => api.workbooks.get(work.workbookId));
  const previous = previousSync(workbook.metadata);
  const base = exportBase(previous, exportId);
  const since = mode === 'incremental' ? base : undefined;
  // Taken before reading: whatever changes while we read is exported again next time, never lost.
  const { data: commits } = await call(() => api.sheets.getSheetCommits(work.sheetId));
  const through = newestCommitId(commits);
  const scope = await countRecords(api, work.sheetId, since, call);

  await call(() => api.jobs.ack(work.jobId, { progress: 5, info: `Exporting ${scope.total} records (${mode})` }));
  const ack = throttle(deps.progressEveryMs ?? 2_000, (t: ExportTally) =>
    Promise.all([
      run ? reportProgress(ledger, run.runId, 'egressing', t.valid + t.invalid, scope.total).catch(() => undefined) : undefined,
      call(() =>
      api.jobs.ack(work.jobId, {
        progress: Math.min(95, 5 + Math.round((90 * (t.valid + t.invalid)) / Math.max(1, scope.total))),
        info: `Exported ${t.valid + t.invalid} of ${scope.total} records`,
      }),
      ),
    ]),
  );
  const reasonCounts = new Map<string, number>();
  const partnerLayout = feed.egress.rejectsLayout === 'partner';
  const numbering = keys.rejects && run ? await rowNumbering(api, deps, feed, work.sheetId, run, since ? undefined : scope.total, call, partnerLayout) : undefined;
  const exportNotes: string[] = [];
  const tally = await streamExport({
    reasonCounts,
    notes: exportNotes,
    ...(run && partnerLayout ? { partner: { ...run.sourceFormat, ...(run.sourceHeaders ? { headers: run.sourceHeaders } : {}) } } : {}),
    ...(numbering?.rowNumbers ? { rowNumbers: numbering.rowNumbers } : {}),
    ...(numbering?.partnerRows ? { partnerRows: numbering.partnerRows } : {}),
    ...(numbering?.unit ? { rowUnit: numbering.unit } : {}),
    flatfile: deps.flatfile,
    s3: deps.s3,
    feed,
    sheetId: work.sheetId,
    keys,
    buckets: deps.buckets,
    call,
    onPage: ack,
    ...(since ? { sinceCommitId: since } : {}),
    ...(deps.partSizeBytes ? { partSizeBytes: deps.partSizeBytes } : {}),
  });

  // The run's own records are those changed since the base; in full mode the export can be wider than that.
  const runScope = since === base ? { valid: tally.valid, invalid: tally.invalid } : await countRecords(api, work.sheetId, base, call);
  const counts: RunCounts = {
    ...run?.counts,
    valid: runScope.valid,
    invalid: runScope.invalid,
    egressed: tally.egressed,
    rejected: tally.rejected,
  };
  const reconciled = reconcile({
    ...(run ? { run: { ...run.counts, valid: runScope.valid, invalid: runScope.invalid } } : {}),
    export: tally,
    scopeTotal: scope.total,
    includeInvalid: feed.egress.include === 'all',
  });
  // Counts that never settled explain a mismatch: say so next to the figures.
  const mismatches = reconciled.length > 0 && settle.note ? [...reconciled, settle.note] : reconciled;
  const notes = [...(run?.warnings ?? []), ...notesOf(feed, runScope, tally), ...(numbering?.note && tally.rejected > 0 ? [numbering.note] : []), ...exportNotes];
  const state: RunState = finalState({ mismatches, held: tally.held });
  const objects = [
    ...Object.values(keys.outbox).map((k) => `s3://${deps.buckets.outbox}/${k}`),
    ...(keys.rejects ? [`s3://${deps.buckets.rejects}/${keys.rejects}`] : []),
  ];

  await call(() =>
    stampSync(api, work.workbookId, {
      lastSyncedAt: new Date().toISOString(),
      runId: exportId,
      jobId: work.jobId,
      mode,
      state,
      ...(through ? { lastSyncedCommitId: through } : {}),
      ...(base ? { baseCommitId: base } : {}),
      counts,
      export: tally,
      objects,
    }),
  );
  const reason = mismatches.length > 0 ? `counts do not reconcile: ${mismatches.join('; ')}` : notes.length > 0 ? notes.join('; ') : undefined;
  // Only the export that ends the run reports it; exporting an ended run again (a re-run of its job) rewrites the
  // same objects and leaves the ledger, the metrics and the notices as they were.
  // Why records were rejected, each reason with its count: what a partner fixes first.
  const rejectReasons = topReasons(reasonCounts);
  const reasonsPart = rejectReasons.length > 0 ? { rejectReasons } : {};
  const closes = run
    ? (await moveRun(ledger, run.runId, state, { counts, outputs: objects, ...(reason ? { reason } : {}), ...reasonsPart })).moved
    : true;
  if (run && !closes) deps.telemetry.logger.info('run already ended; its ledger entry is kept', { runId: run.runId, state: run.state });
  if (closes) emitMetrics(deps.telemetry, feed.name, runScope, tally, mismatches.length > 0);
  if (feed.egress.notify && closes) {
    await sendNotice(deps.sqs, deps.outboundQueueUrl, {
      feed: feed.name,
      runId: exportId,
      sourceKey: run?.key ?? '',
      status: state,
      ...(reason ? { reason } : {}),
      counts,
      objects,
      ...(mismatches.length > 0 ? { mismatches } : {}),
      ...(notes.length > 0 ? { notes } : {}),
      ...reasonsPart,
      export: { mode, ...tally },
    });
  }

  const summary = outcomeMessage(tally, objects, mismatches, notes);
  if (mismatches.length > 0) {
    deps.telemetry.logger.error('egress counts do not reconcile', { feed: feed.name, runId: exportId, mismatches });
    await call(() => api.jobs.fail(work.jobId, { info: 'Counts do not reconcile', outcome: { heading: 'Counts do not reconcile', message: summary } }));
  } else {
    await call(() => api.jobs.complete(work.jobId, { info: 'Export complete', outcome: { message: summary } }));
  }
  return { outcome: 'exported', exportId, state, mode, objects, counts, export: tally, mismatches, notes };
}

type Numbering = { rowNumbers?: ReturnType<typeof rowNumbers>; partnerRows?: StreamExportInput['partnerRows']; unit?: RowUnit; note?: string };

/**
 * Row numbers for the rejects file and, in the partner's layout, their own rows (every column of their file, read back
 * from the `[file]` sheet: partner-rows.ts). Both stand on a record's place in the destination sheet being its place
 * in the file, so both are left out, with a note that says why, unless the sheet holds exactly the records extraction
 * created (a record added or deleted in Flatfile since moves every record after it) and in the file's order
 * (row-order.ts: Flatfile documents no order for its mapping job). The order is checked when the first rejected
 * records are numbered, so runs without rejects pay nothing, or before the export when the partner's own columns
 * decide the rejects file's header. A wrong row is worse than none.
 */
async function rowNumbering(
  api: EgressApi,
  deps: EgressDeps,
  feed: Feed,
  sheetId: string,
  run: Run,
  knownTotal: number | undefined,
  call: <T>(fn: () => Promise<T>) => Promise<T>,
  partnerLayout: boolean,
): Promise<Numbering> {
  const created = run.counts.recordsCreated;
  const ownRows = partnerLayout && run.fileId !== undefined;
  if (created === undefined || (!run.sourceRows && !ownRows)) return {};
  const numbered = run.sourceRows && isNumbered(run.sourceRows) ? run.sourceRows : undefined;
  const unit = numbered?.unit ? { unit: numbered.unit } : {};
  const unnumbered = run.sourceRows && !isNumbered(run.sourceRows) ? { note: `row numbers are left out of the rejects file: ${run.sourceRows.unnumbered}` } : {};
  if (!numbered && !ownRows) return unnumbered;
  const what = `${[numbered ? 'row numbers' : undefined, ownRows ? "the partner's columns that were not mapped" : undefined].filter(Boolean).join(' and ')} are`;
  const total = knownTotal ?? (await countRecords(api, sheetId, undefined, call)).total;
  if (total !== created) {
    return { note: `${what} left out of the rejects file: the sheet holds ${total} records, the file made ${created} (records were added or deleted in Flatfile)` };
  }
  const mapJobId = run.mapJobId;
  let order: Promise<string | undefined> | undefined;
  const inOrder = () => (order ??= mapJobId ? orderMismatch(api, deps.flatfile, feed, mapJobId, sheetId, total, call) : Promise.resolve(undefined));

  const source = ownRows ? await call(() => fileSheet(api, run.fileId!)) : undefined;
  const columns = source?.config.fields.map((f) => ({ key: f.key, header: f.label ?? f.key }));
  if (source && columns) {
    const mismatch = await inOrder();
    if (mismatch !== undefined) return { ...unit, note: `${what} left out of the rejects file: ${mismatch}` };
    return { ...unit, ...unnumbered, partnerRows: { columns, rowsOf: partnerRows(deps.flatfile, sheetId, { sheetId: source.id, columns }, numbered) } };
  }
  if (!numbered) return unnumbered;
  const numbers = rowNumbers(deps.flatfile, sheetId, numbered);
  const numbering: Numbering = {
    ...unit,
    rowNumbers: async (recordIds) => {
      const mismatch = await inOrder();
      if (mismatch === undefined) return numbers(recordIds);
      numbering.note = `${what} left out of the rejects file: ${mismatch}`;
      return new Map();
    },
  };
  return numbering;
}

async function countRecords(
  api: EgressApi,
  sheetId: string,
  sinceCommitId: string | undefined,
  call: <T>(fn: () => Promise<T>) => Promise<T>,
): Promise<{ total: number; valid: number; invalid: number }> {
  const { data } = await call(() => api.sheets.getRecordCounts(sheetId, sinceCommitId ? { sinceCommitId } : {}));
  return { total: data.counts.total, valid: data.counts.valid, invalid: data.counts.error };
}

function notesOf(feed: Feed, run: { valid: number; invalid: number }, tally: ExportTally): string[] {
  const notes: string[] = [];
  const max = feed.expectations.maxInvalidRatio;
  const ratio = invalidRatio(run.valid, run.invalid);
  if (max !== undefined && ratio > max) {
    notes.push(`invalid ratio ${ratio.toFixed(3)} is above the feed's maximum ${max} (${run.invalid} of ${run.valid + run.invalid})`);
  }
  if (tally.held > 0) {
    notes.push(
      rejectsInvalid(feed) || feed.validation.invalid === 'review'
        ? `${tally.held} invalid records are held in Flatfile for review; fix them and run "Sync now"`
        : `${tally.held} invalid records were not exported (egress.rejects is off)`,
    );
  }
  return notes;
}

function emitMetrics(telemetry: Telemetry, feed: string, run: { valid: number; invalid: number }, tally: ExportTally, mismatch: boolean): void {
  feedMetrics(telemetry.metrics, feed, (m) => m.addMetric('RecordsValid', MetricUnit.Count, run.valid));
  feedMetrics(telemetry.metrics, feed, (m) => m.addMetric('RecordsInvalid', MetricUnit.Count, run.invalid));
  feedMetrics(telemetry.metrics, feed, (m) => m.addMetric('RecordsEgressed', MetricUnit.Count, tally.egressed));
  feedMetrics(telemetry.metrics, feed, (m) => m.addMetric('RunsMismatched', MetricUnit.Count, mismatch ? 1 : 0));
}

function outcomeMessage(t: ExportTally, objects: string[], mismatches: string[], notes: string[]): string {
  const lines = [
    `Exported ${t.egressed} records${t.rejected > 0 ? `, returned ${t.rejected} rejects` : ''}${t.held > 0 ? `, held ${t.held} for review` : ''}.`,
    ...objects.map((o) => `• ${o}`),
    ...mismatches.map((m) => `Mismatch: ${m}`),
    ...notes.map((n) => `Note: ${n}`),
  ];
  return lines.join('\n');
}

/** Runs `fn` at most every `ms` (the first call always runs); the calls in between are dropped. */
function throttle<A>(ms: number, fn: (a: A) => Promise<unknown>): (a: A) => Promise<void> {
  let last = 0;
  return async (a) => {
    if (Date.now() - last < ms) return;
    last = Date.now();
    await fn(a);
  };
}
