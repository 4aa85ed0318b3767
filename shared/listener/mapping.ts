import type { FlatfileEvent } from '@flatfile/listener';
import { ensureRunWorkbook } from '../flatfile/run-workbook.js';
import type { Feed } from '../manifest/index.js';
import { decidePlan } from '../mapping/plan.js';
import { sendNotice } from '../notify/outbound.js';
import { MetricUnit, feedMetrics } from '../telemetry/index.js';
import type { ListenerDeps } from './deps.js';
import { maybeStartEgress } from './egress-trigger.js';

/** job:completed for file:extract* → a `workbook:map` job from the file's workbook into the run's own destination workbook. */
export async function onExtractionCompleted(deps: ListenerDeps, feed: Feed, event: FlatfileEvent): Promise<void> {
  const fileId = event.context.fileId as string;
  const { data: file } = await deps.api.files.get(fileId);
  if (!file.workbookId) throw new Error(`extraction of file ${fileId} completed without a workbook`);
  const { data: source } = await deps.api.workbooks.get(file.workbookId);
  const sourceSheet = source.sheets?.[0];
  if (!sourceSheet) throw new Error(`workbook ${source.id} of file ${fileId} has no sheet`);
  const runId = await deps.ledger.runIdFor('file', fileId);
  const destination = await ensureRunWorkbook(deps.api, deps.ledger, feed, {
    spaceId: event.context.spaceId as string,
    environmentId: deps.environmentId,
    fileName: file.name,
    ...(runId ? { runId } : {}),
  });
  const { count } = await recordCount(deps, sourceSheet.id);

  const { data: job } = await deps.api.jobs.create({
    type: 'workbook',
    operation: 'map',
    source: source.id,
    destination: destination.workbookId,
    managed: true,
    config: { sourceSheetId: sourceSheet.id, destinationSheetId: destination.sheetId },
    input: { flatfeed: { feed: feed.name, fileId, ...(runId ? { runId } : {}) } },
  });
  if (runId) {
    await deps.ledger.link('job', job.id, runId);
    await deps.ledger.updateRun(runId, { state: 'mapping', counts: { recordsCreated: count } });
  }
  feedMetrics(deps.telemetry.metrics, feed.name, (m) => m.addMetric('RecordsRead', MetricUnit.Count, count));
}

async function recordCount(deps: ListenerDeps, sheetId: string): Promise<{ count: number }> {
  const { data } = await deps.api.sheets.getRecordCounts(sheetId);
  return { count: data.counts.total };
}

/**
 * job:updated for our workbook:map job entering `planning` → read the plan, apply the manifest, and execute it or
 * hand it to a person. Ignores other updates, and jobs it did not create (a person's own mapping in the UI).
 */
export async function onMapUpdated(deps: ListenerDeps, feed: Feed, event: FlatfileEvent): Promise<void> {
  const jobId = event.context.jobId as string;
  const { data: job } = await deps.api.jobs.get(jobId);
  const mine = (job.input as { flatfeed?: { feed?: string; fileId?: string } } | undefined)?.flatfeed;
  if (mine?.feed !== feed.name || !mine.fileId || job.status !== 'planning') return;
  const { data: current } = await deps.api.jobs.getExecutionPlan(jobId);
  const decision = decidePlan(feed, current.plan);
  await deps.api.jobs.updateExecutionPlan(jobId, {
    jobId,
    fileId: mine.fileId,
    fieldMapping: decision.plan.fieldMapping,
    unmappedSourceFields: decision.plan.unmappedSourceFields,
    unmappedDestinationFields: decision.plan.unmappedDestinationFields,
  });
  const runId = await deps.ledger.runIdFor('job', jobId);
  if (decision.action === 'execute') {
    await deps.api.jobs.execute(jobId);
    return;
  }
  // A person finishes this one in the Flatfile UI: the job stays in planning with our suggestions applied.
  deps.telemetry.logger.warn('mapping needs review', { feed: feed.name, jobId, runId, reason: decision.reason });
  feedMetrics(deps.telemetry.metrics, feed.name, (m) => m.addMetric('RunsNeedingReview', MetricUnit.Count, 1));
  if (!runId) return;
  await deps.ledger.updateRun(runId, { state: 'needs-review', reason: decision.reason, missingFields: decision.missingFields });
  const run = await deps.ledger.getRun(runId);
  await sendNotice(deps.sqs, deps.queues.outbound, {
    feed: feed.name,
    runId,
    sourceKey: run?.key ?? '',
    status: 'needs-review',
    reason: decision.reason,
    missingFields: decision.missingFields,
    counts: run?.counts ?? {},
    objects: [],
  });
}

/** job:completed for a workbook:map job → the run's records are in the destination sheet; egress follows validation. */
export async function onMapCompleted(deps: ListenerDeps, feed: Feed, event: FlatfileEvent): Promise<void> {
  const jobId = event.context.jobId as string;
  const runId = await deps.ledger.runIdFor('job', jobId);
  if (!runId) return; // a person's own mapping: "Sync now" exports it
  await deps.ledger.updateRun(runId, { state: 'validating', mapJobId: jobId });
  await maybeStartEgress(deps, feed, runId);
}
