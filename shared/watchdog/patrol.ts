import type { Ledger, Run } from '../ledger/index.js';
import { doOnce, endRun, runStep, stepState, STAGES, type EndDeps, type Stage } from '../run/index.js';
import { feedMetrics, MetricUnit } from '../telemetry/index.js';
import { redriveRun, type Redrive, type RedriveDeps } from '../redrive/index.js';

export interface WatchdogDeps extends RedriveDeps, Omit<EndDeps, 'ledger' | 'sqs'> {
  ledger: Ledger;
}

export interface PatrolOptions {
  /** Seconds a run may stay in each stage without progress (infra/topology.ts `stageDeadlines`). */
  deadlines: Readonly<Record<Stage, number>>;
  /** The watchdog's clock (tests move it past the deadlines instead of waiting for them). */
  now?: () => Date;
  /** Runs read per stage and pass (oldest first); the next pass takes the rest. */
  limit?: number;
}

export interface PatrolReport {
  /** Runs found past their deadline. */
  idle: number;
  redriven: { runId: string; stage: Stage; redrive: Redrive }[];
  stalled: { runId: string; stage: Stage; reason: string }[];
  /** Runs whose re-drive or end failed; retried on the next pass. */
  failed: { runId: string; error: string }[];
}

/** What to look at when a run stalled in a stage: the dead-letter queues its messages pass through. */
const QUEUES_OF: Record<Stage, string> = {
  received: 'ingress',
  uploaded: 'events',
  extracting: 'events, work',
  mapping: 'events',
  validating: 'events, work',
  egressing: 'events, egress',
};

/**
 * One pass of the watchdog. A run in a stage whose last progress is older than the stage's deadline is re-driven
 * once (a ledger step keyed by the stage and the progress it stalled at, so concurrent passes re-drive it once);
 * if it has still not moved a deadline after its re-drive, it ends `stalled` (endRun: reason, notice, RunsStalled).
 * A run that moves after its re-drive has new progress: a later stall gets a re-drive of its own.
 */
export async function patrolRuns(deps: WatchdogDeps, options: PatrolOptions): Promise<PatrolReport> {
  const now = options.now ?? (() => new Date());
  const report: PatrolReport = { idle: 0, redriven: [], stalled: [], failed: [] };
  for (const stage of STAGES) {
    const deadlineMs = options.deadlines[stage] * 1000;
    const before = new Date(now().getTime() - deadlineMs).toISOString();
    const idle = await deps.ledger.runsIdleIn(stage, before, options.limit ?? 100);
    for (const run of idle) {
      // The index is eventually consistent: a run that moved on since is skipped.
      if (run.state !== stage || !run.progressAt) continue;
      report.idle++;
      try {
        await patrolRun(deps, run, stage, deadlineMs, now, report);
      } catch (e) {
        deps.telemetry.logger.error('watchdog could not handle a run; next pass retries', { runId: run.runId, stage, error: e as Error });
        report.failed.push({ runId: run.runId, error: String((e as Error)?.message ?? e) });
      }
    }
  }
  return report;
}

async function patrolRun(deps: WatchdogDeps, run: Run, stage: Stage, deadlineMs: number, now: () => Date, report: PatrolReport): Promise<void> {
  const key = runStep(run.runId, `redrive:${stage}:${run.progressAt}`);
  const previous = await stepState(deps.ledger, key);
  if (!previous) {
    const at = now().toISOString();
    const step = await doOnce(deps.ledger, key, async () => ({ at, redrive: await redriveRun(deps, run, at) }), { leaseSeconds: 60 });
    if (!step.ran) return; // another pass is re-driving it
    deps.telemetry.logger.warn('run without progress past its stage deadline; re-driven once', {
      feed: run.feed,
      runId: run.runId,
      stage,
      progressAt: run.progressAt,
      ...step.value.redrive,
    });
    feedMetrics(deps.telemetry.metrics, run.feed, (m) => m.addMetric('RunsRedriven', MetricUnit.Count, 1));
    report.redriven.push({ runId: run.runId, stage, redrive: step.value.redrive });
    return;
  }
  if (previous.state !== 'done') return;
  const redrivenAt = (previous.value as { at: string }).at;
  if (now().getTime() - Date.parse(redrivenAt) < deadlineMs) return; // the re-drive still has time
  const reason = stalledReason(run, stage, deadlineMs / 1000, redrivenAt);
  const ended = await endRun(deps, run.runId, 'stalled', reason);
  if (ended.moved) report.stalled.push({ runId: run.runId, stage, reason });
}

function stalledReason(run: Run, stage: Stage, deadlineSeconds: number, redrivenAt: string): string {
  const last = run.lastError ? `; last error: ${run.lastError.code}: ${run.lastError.message}` : '';
  return (
    `stalled: no progress in ${stage} since ${run.progressAt} (deadline ${deadlineSeconds} s per stage), ` +
    `and none after the watchdog re-drove it at ${redrivenAt}${last}. ` +
    `Look for its messages in the dead-letter queues (${QUEUES_OF[stage]}: flatfeed redrive <queue>), ` +
    `then run it again with flatfeed replay ${run.runId}${stage === 'egressing' ? ' --from egressing' : ''}`
  );
}
