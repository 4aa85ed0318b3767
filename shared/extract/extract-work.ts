import type { SQSClient } from '@aws-sdk/client-sqs';
import { endRun, moveRun, reportProgress } from '../run/index.js';
import type { FlatfileApi, FlatfileConnection } from '../flatfile/client.js';
import type { Ledger } from '../ledger/index.js';
import type { Manifest } from '../manifest/index.js';
import { feedMetrics, MetricUnit, type Telemetry } from '../telemetry/index.js';
import { METRIC_NAMES } from '../telemetry/metric-names.js';
import type { ExtractWork } from '../work/messages.js';
import { runExtraction, type ExtractDeps, type ExtractResult } from './run-extraction.js';

export interface ExtractWorkDeps {
  api: Pick<FlatfileApi, 'files' | 'jobs' | 'records' | 'workbooks'>;
  connection: FlatfileConnection;
  environmentId?: string;
  manifest: Manifest;
  ledger: Ledger;
  telemetry: Telemetry;
  /** Where a rejected file's notice goes. */
  sqs: SQSClient;
  outboundQueueUrl: string;
  /** Tuning for tests and benchmarks (chunk size, concurrency, progress interval). */
  tuning?: Pick<ExtractDeps, 'chunkSize' | 'concurrency' | 'progressEveryMs'>;
}

/**
 * The worker's `extract` work: runs the extraction with the feed's format options and records it on the ledger run
 * (state `extracting` if the run is waiting for it, then rows read and records created, or `rejected` with the reason). Mapping, and the state
 * after extraction, are the listener's, on the job's `job:completed`.
 */
export async function handleExtractWork(work: ExtractWork, deps: ExtractWorkDeps): Promise<ExtractResult> {
  const feed = deps.manifest.feeds.find((f) => f.name === work.feed);
  // A feed removed from the manifest after its file arrived is a deployment problem: retry, then the DLQ.
  if (!feed) throw new Error(`feed ${work.feed} is not in the manifest`);
  const { logger, metrics } = deps.telemetry;
  const started = Date.now();
  if (work.runId) {
    // Only a run still waiting for its extraction moves; a redelivered message for a run that went on (or ended)
    // leaves it where it is, and runExtraction then skips the finished job.
    const run = await deps.ledger.getRun(work.runId);
    if (run && run.state !== 'extracting' && !(await moveRun(deps.ledger, work.runId, 'extracting', { fileId: work.fileId })).moved) {
      logger.info('extraction work for a run that moved on; skipped', { runId: work.runId, state: run.state });
      return { outcome: 'skipped', jobStatus: `run ${run.state}` };
    }
  }
  const runId = work.runId;
  const result = await runExtraction(work, {
    api: deps.api,
    connection: deps.connection,
    format: feed.format,
    ...(deps.environmentId ? { environmentId: deps.environmentId } : {}),
    ...deps.tuning,
    ...(runId ? { onProgress: (done: number, total: number) => reportProgress(deps.ledger, runId, 'extracting', done, total, 'bytes') } : {}),
  });

  switch (result.outcome) {
    case 'extracted':
      logger.info('file extracted', { feed: feed.name, fileId: work.fileId, rows: result.rowsRead, workbookId: result.workbookId });
      feedMetrics(metrics, feed.name, (m) => m.addMetric(METRIC_NAMES.ExtractSeconds, MetricUnit.Seconds, (Date.now() - started) / 1000));
      if (work.runId) {
        // The run's workbookId stays the destination's; the [file] workbook is the file's own (file.workbookId).
        await deps.ledger.updateRun(work.runId, {
          counts: { rowsRead: result.rowsRead, recordsCreated: result.recordsCreated },
          ...(result.sourceRows ? { sourceRows: result.sourceRows } : {}),
        });
      }
      break;
    case 'rejected':
      logger.warn('file rejected by extraction', { feed: feed.name, fileId: work.fileId, reason: result.reason, detail: result.message });
      if (work.runId) await endRun(deps, work.runId, 'rejected', `${result.reason}: ${result.message}`);
      break;
    case 'skipped':
      logger.info('extraction job already finished; redelivered work skipped', { jobId: work.jobId, status: result.jobStatus });
      break;
  }
  return result;
}
