import type { FlatfileEvent } from '@flatfile/listener';
import { sendJson } from '../aws/sqs.js';
import { isDestinationWorkbook } from '../flatfile/run-workbook.js';
import type { Feed } from '../manifest/index.js';
import { EGRESS_OPERATION, type EgressWork } from '../work/messages.js';
import type { ListenerDeps } from './deps.js';

/**
 * Starts a run's egress once its mapping job has completed and every commit on its destination sheet is complete,
 * so nothing half-validated is ever exported. Called when the mapping completes and on every commit:completed; the
 * ledger lets exactly one caller create the egress job.
 */
export async function maybeStartEgress(deps: ListenerDeps, feed: Feed, runId: string): Promise<void> {
  const run = await deps.ledger.getRun(runId);
  if (!run || run.state !== 'validating' || !run.workbookId || !run.sheetId) return;
  const { data: pending } = await deps.api.sheets.getSheetCommits(run.sheetId, { completed: false });
  if (pending.length > 0) return;
  if (!(await deps.ledger.claimRunStep(runId, 'egress'))) return;
  const { data: job } = await deps.api.jobs.create({
    type: 'workbook',
    operation: EGRESS_OPERATION,
    source: run.workbookId,
    trigger: 'immediate',
    mode: 'background',
    input: { flatfeed: { feed: feed.name, runId } },
  });
  await deps.ledger.link('job', job.id, runId);
  await deps.ledger.updateRun(runId, { state: 'egressing', egressJobId: job.id });
}

/** commit:completed on a destination sheet → runs waiting for their last commit may now be exported. */
export async function onCommitCompleted(deps: ListenerDeps, feed: Feed, event: FlatfileEvent): Promise<void> {
  const waiting = (await deps.ledger.listRuns(feed.name)).filter(
    (r) => r.state === 'validating' && r.sheetId === event.context.sheetId,
  );
  for (const run of waiting) await maybeStartEgress(deps, feed, run.runId);
}

/**
 * job:ready for the egress operation → the egress function does the streaming. The job is ours (created above) or
 * a person's "Sync now" on the workbook, which carries no run: egress then exports without closing a run.
 */
export async function onEgressReady(deps: ListenerDeps, feed: Feed, event: FlatfileEvent): Promise<void> {
  const jobId = event.context.jobId as string;
  const { data: job } = await deps.api.jobs.get(jobId);
  const input = (job.input ?? {}) as { flatfeed?: { runId?: string }; mode?: 'incremental' | 'full' };
  const workbookId = String(job.source);
  const { data: workbook } = await deps.api.workbooks.get(workbookId);
  const sheetId = workbook.sheets?.find((s) => s.slug === feed.sheet.slug)?.id;
  if (!sheetId || !isDestinationWorkbook(workbook, feed)) {
    await deps.api.jobs.fail(jobId, { info: 'not a flatfeed destination workbook', outcome: { message: 'Sync now works on the feed workbooks flatfeed created.' } });
    return;
  }
  const runId = input.flatfeed?.runId;
  const work: EgressWork = {
    kind: 'egress',
    feed: feed.name,
    jobId,
    workbookId,
    sheetId,
    ...(runId ? { runId } : {}),
    ...(input.mode ? { mode: input.mode } : {}),
  };
  await sendJson(deps.sqs, deps.queues.egress, work);
}
