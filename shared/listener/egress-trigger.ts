import type { FlatfileEvent } from '@flatfile/listener';
import { sendJson } from '../aws/sqs.js';
import { createJobOnce } from '../flatfile/create-job.js';
import { isDestinationWorkbook } from '../flatfile/run-workbook.js';
import type { Feed } from '../manifest/index.js';
import { EGRESS_OPERATION, type ChangesWork, type EgressWork } from '../work/messages.js';
import { doOnce, moveRun, reportProgress, runStep } from '../run/index.js';
import { openSubscription, readCursor } from '../subscribe/index.js';
import type { ListenerDeps } from './deps.js';
import { runAwaiting, STEP_LEASE_SECONDS } from './run-guard.js';

/**
 * Starts a run's egress once its mapping job has completed and every commit on its destination sheet is complete,
 * so nothing half-validated is ever exported. Called when the mapping completes and on every commit:completed of the
 * run's sheet; the run's `egress-job` step creates the job once (a failed create releases it for the retry).
 */
export async function maybeStartEgress(deps: ListenerDeps, feed: Feed, runId: string): Promise<void> {
  const run = await runAwaiting(deps, runId, ['validating'], 'start egress');
  if (!run?.workbookId || !run.sheetId) return;
  const { data: pending } = await deps.api.sheets.getSheetCommits(run.sheetId, { completed: false });
  if (pending.length > 0) {
    // The validation stage's own progress: commits completed of the sheet's commits (our write-backs add commits, so
    // the total can grow while it runs). It also tells the watchdog the stage is moving.
    const { data: all } = await deps.api.sheets.getSheetCommits(run.sheetId, {});
    await reportProgress(deps.ledger, runId, 'validating', all.length - pending.length, all.length, 'commits');
    return;
  }
  const workbookId = run.workbookId;
  await openSubscription(deps, feed, { runId, workbookId, sheetId: run.sheetId });
  const attempt = run.attempt ?? 1;
  const step = await doOnce(
    deps.ledger,
    runStep(runId, 'egress-job'),
    async () => {
      const job = await createJobOnce(
        deps.api,
        {
          type: 'workbook',
          operation: EGRESS_OPERATION,
          source: workbookId,
          trigger: 'immediate',
          mode: 'background',
          input: { flatfeed: { feed: feed.name, runId } },
        },
        // A replayed run's egress (flatfeed replay) is a job of its own: a lost response must not find the last attempt's.
        attempt > 1 ? `${runId}:egress:${attempt}` : `${runId}:egress`,
      );
      await deps.ledger.link('job', job.id, runId);
      return job.id;
    },
    { leaseSeconds: STEP_LEASE_SECONDS },
  );
  if (step.ran || step.state === 'done') await moveRun(deps.ledger, runId, 'egressing', { egressJobId: step.value });
}

/**
 * commit:completed on a run's destination sheet → the run may now be exported (found by its sheet's link); on a
 * subscribed sheet, the person's changes are delivered (the commit is validated by now).
 */
export async function onCommitCompleted(deps: ListenerDeps, feed: Feed, event: FlatfileEvent): Promise<void> {
  const sheetId = event.context.sheetId as string | undefined;
  const runId = sheetId ? await deps.ledger.runIdFor('sheet', sheetId) : undefined;
  if (runId) await maybeStartEgress(deps, feed, runId);
  if (sheetId && feed.subscribe && (await readCursor(deps.ledger, sheetId))) {
    const work: ChangesWork = { kind: 'changes', feed: feed.name, sheetId };
    await sendJson(deps.sqs, deps.queues.work, work);
  }
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
