import type { Flatfile } from '@flatfile/api';
import type { FlatfileEvent } from '@flatfile/listener';
import { createJobOnce } from '../flatfile/create-job.js';
import { ensureRunWorkbook } from '../flatfile/run-workbook.js';
import type { Feed } from '../manifest/index.js';
import { decidePlan } from '../mapping/plan.js';
import { doOnce, endRun, moveRun, reportProgress, runStep } from '../run/index.js';
import { MetricUnit, feedMetrics } from '../telemetry/index.js';
import type { ListenerDeps } from './deps.js';
import { maybeStartEgress } from './egress-trigger.js';
import { endDepsOf, runAwaiting, STEP_LEASE_SECONDS } from './run-guard.js';

/** job:completed for file:extract* → a `workbook:map` job from the file's workbook into the run's own destination workbook. */
export async function onExtractionCompleted(deps: ListenerDeps, feed: Feed, event: FlatfileEvent): Promise<void> {
  const fileId = event.context.fileId as string;
  const runId = await deps.ledger.runIdFor('file', fileId);
  if (runId && !(await runAwaiting(deps, runId, ['uploaded', 'extracting'], 'job:completed extraction'))) return;
  const { data: file } = await deps.api.files.get(fileId);
  if (!file.workbookId) throw new Error(`extraction of file ${fileId} completed without a workbook`);
  const { data: source } = await deps.api.workbooks.get(file.workbookId);
  const sourceSheet = source.sheets?.[0];
  if (!sourceSheet) throw new Error(`workbook ${source.id} of file ${fileId} has no sheet`);
  const destination = await ensureRunWorkbook(deps.api, deps.ledger, feed, {
    spaceId: event.context.spaceId as string,
    environmentId: deps.environmentId,
    fileName: file.name,
    ...(runId ? { runId } : {}),
  });
  // Counts are cached (refreshed after writes): this one may predate the last insert. Egress counts again once
  // they have settled (shared/egress/settle.ts) before it reconciles.
  const { data: counts } = await deps.api.sheets.getRecordCounts(sourceSheet.id);
  const count = counts.counts.total;

  const create = async () => {
    const job = await createJobOnce(
      deps.api,
      {
        type: 'workbook',
        operation: 'map',
        source: source.id,
        destination: destination.workbookId,
        managed: true,
        config: { sourceSheetId: sourceSheet.id, destinationSheetId: destination.sheetId },
        input: { flatfeed: { feed: feed.name, fileId, ...(runId ? { runId } : {}) } },
      },
      `${fileId}:map:${destination.workbookId}`,
    );
    if (runId) await deps.ledger.link('job', job.id, runId);
    return job.id;
  };
  if (!runId) {
    await create();
    return;
  }
  const step = await doOnce(deps.ledger, runStep(runId, 'map-job'), create, { leaseSeconds: STEP_LEASE_SECONDS });
  if (!step.ran && step.state === 'held') return; // another delivery is creating it
  const moved = await moveRun(deps.ledger, runId, 'mapping', { mapJobId: step.value, counts: { recordsCreated: count } });
  if (moved.moved) feedMetrics(deps.telemetry.metrics, feed.name, (m) => m.addMetric('RecordsRead', MetricUnit.Count, count));
}

/**
 * job:updated for our workbook:map job entering `planning` → read the plan, apply the manifest, and execute it or
 * hand it to a person. Ignores other updates, and jobs it did not create (a person's own mapping in the UI).
 */
export async function onMapUpdated(deps: ListenerDeps, feed: Feed, event: FlatfileEvent): Promise<void> {
  const jobId = event.context.jobId as string;
  const { data: job } = await deps.api.jobs.get(jobId);
  const mine = (job.input as { flatfeed?: { feed?: string; fileId?: string } } | undefined)?.flatfeed;
  // The listener may hear an ack after the job completed (events arrive in batches): it then reports the whole.
  if (mine?.feed === feed.name && (job.status === 'executing' || job.status === 'complete')) return reportMappingProgress(deps, job);
  if (mine?.feed !== feed.name || !mine.fileId || job.status !== 'planning') return;
  const runId = await deps.ledger.runIdFor('job', jobId);
  if (runId && !(await runAwaiting(deps, runId, ['mapping'], 'job:updated map'))) return;
  const { data: current } = await deps.api.jobs.getExecutionPlan(jobId);
  const decision = decidePlan(feed, current.plan);
  // Our own plan update may come back as another job:updated (undocumented; the emulator sends one): a plan that
  // already is our decision was planned by an earlier delivery, so it is neither sent nor reported again. Without
  // this, the review path of a file with no run (a person's upload) would update the plan for ever.
  const planned = samePlan(current.plan, decision.plan);
  if (!planned) {
    await deps.api.jobs.updateExecutionPlan(jobId, {
      jobId,
      fileId: mine.fileId,
      fieldMapping: decision.plan.fieldMapping,
      unmappedSourceFields: decision.plan.unmappedSourceFields,
      unmappedDestinationFields: decision.plan.unmappedDestinationFields,
    });
  }
  if (decision.action === 'execute') {
    await deps.api.jobs.execute(jobId);
    return;
  }
  if (planned && !runId) return;
  // A person finishes this one in the Flatfile UI: the job stays in planning with our suggestions applied.
  deps.telemetry.logger.warn('mapping needs review', { feed: feed.name, jobId, runId, reason: decision.reason });
  if (!runId) {
    feedMetrics(deps.telemetry.metrics, feed.name, (m) => m.addMetric('RunsNeedingReview', MetricUnit.Count, 1));
    return;
  }
  await endRun(endDepsOf(deps), runId, 'needs-review', decision.reason, { missingFields: decision.missingFields });
}

/**
 * The mapping stage's own progress, from the job's: its acks carry the share of the records it has written (a
 * percentage), in records of the run's rows (the rows ingress counted, else the source sheet's count, which the
 * platform caches and may be short just after extraction). Only while the run is `mapping`: a late ack is no news.
 */
async function reportMappingProgress(deps: ListenerDeps, job: Flatfile.Job): Promise<void> {
  if (typeof job.progress !== 'number') return;
  const runId = await deps.ledger.runIdFor('job', job.id);
  const run = runId ? await deps.ledger.getRun(runId) : undefined;
  const total = run?.counts.rowsRead ?? run?.counts.recordsCreated;
  if (!run || run.state !== 'mapping' || total === undefined) return;
  const done = Math.min(total, Math.round((total * job.progress) / 100));
  // Never backwards, and never the same figure again: a repeat would restamp it and make the rate look like it fell.
  if (run.progress?.stage === 'mapping' && run.progress.done >= done) return;
  await reportProgress(deps.ledger, run.runId, 'mapping', done, total);
}

/** The same edges (source key → destination key) and the same unmapped fields, in any order. */
function samePlan(a: Flatfile.JobExecutionPlan, b: Flatfile.JobExecutionPlan): boolean {
  const edges = (p: Flatfile.JobExecutionPlan) => p.fieldMapping.map((e) => `${e.sourceField.key}\u0000${e.destinationField.key}`).sort().join('\u0001');
  const keys = (list: { sourceField?: { key: string }; destinationField?: { key: string } }[]) =>
    list.map((u) => u.sourceField?.key ?? u.destinationField?.key ?? '').sort().join('\u0001');
  return (
    edges(a) === edges(b) &&
    keys(a.unmappedSourceFields) === keys(b.unmappedSourceFields) &&
    keys(a.unmappedDestinationFields) === keys(b.unmappedDestinationFields)
  );
}

/** job:completed for a workbook:map job → the run's records are in the destination sheet; egress follows validation. */
export async function onMapCompleted(deps: ListenerDeps, feed: Feed, event: FlatfileEvent): Promise<void> {
  const jobId = event.context.jobId as string;
  const runId = await deps.ledger.runIdFor('job', jobId);
  if (!runId) return; // a person's own mapping: "Sync now" exports it
  // From mapping, or from needs-review when a person finished the mapping in the UI; a repeat finds it validating.
  if (!(await runAwaiting(deps, runId, ['mapping', 'needs-review', 'validating'], 'job:completed map'))) return;
  // The partner's header of each field, as the executed plan mapped them: for a rejects file in their layout.
  const sourceHeaders = feed.egress.rejectsLayout === 'partner' ? await headersOf(deps, jobId) : undefined;
  await moveRun(deps.ledger, runId, 'validating', { mapJobId: jobId, ...(sourceHeaders ? { sourceHeaders } : {}) });
  await maybeStartEgress(deps, feed, runId);
}

/** Field key → the source header mapped to it (its label, else its key), from a map job's plan. */
async function headersOf(deps: ListenerDeps, jobId: string): Promise<Record<string, string>> {
  const { data } = await deps.api.jobs.getExecutionPlan(jobId);
  return Object.fromEntries(data.plan.fieldMapping.map((e) => [e.destinationField.key, e.sourceField.label ?? e.sourceField.key]));
}
