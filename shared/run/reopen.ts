import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Ledger, Run, RunAttempt, RunCounts } from '../ledger/index.js';
import { isTerminal, type Stage } from './states.js';
import { forgetStep, runStep } from './step.js';

/**
 * Where a replay may start, and what it does again:
 *  - `received`: everything, from the dropped object (a new upload, workbook, extraction, mapping and export);
 *  - `egressing`: only the export, of the records as they are in the run's destination sheet (a new egress job; in
 *    incremental mode it reads from the run's own base again, shared/egress/sync-stamp.ts). The run reopens in
 *    `validating`, where egress starts once every commit on its sheet is complete.
 * A start in the middle of the Flatfile work (extraction, mapping) is not offered: the new attempt would meet the
 * previous attempt's jobs and workbooks half-way.
 */
export const REPLAY_FROM = ['received', 'egressing'] as const;
export type ReplayFrom = (typeof REPLAY_FROM)[number];

const PLAN: Record<ReplayFrom, { reopens: Stage; steps: string[]; clear: string[]; keepCounts: (keyof RunCounts)[]; keepStages: Stage[] }> = {
  received: {
    reopens: 'received',
    steps: ['upload', 'workbook', 'extract-job', 'map-job', 'egress-job'],
    clear: ['fileId', 'workbookId', 'sheetId', 'extractJobId', 'mapJobId', 'egressJobId', 'bytesOut', 'warnings', 'missingFields'],
    keepCounts: [],
    keepStages: [],
  },
  egressing: {
    reopens: 'validating',
    steps: ['egress-job'],
    clear: ['egressJobId'],
    keepCounts: ['rowsRead', 'recordsCreated'],
    keepStages: ['received', 'uploaded', 'extracting', 'mapping'],
  },
};

/** Why a run cannot be replayed: said to the person who asked, as it is. */
export class ReplayRefused extends Error {
  override readonly name = 'ReplayRefused';
}

/**
 * Reopens an ended run for a new attempt — the one place a run goes back to an earlier stage, and never silently:
 * the attempt number goes up, the previous attempt's end (state, reason, counts, outputs) is kept in `attempts`, and
 * the run's once-steps from `from` on are forgotten so they run again. One write conditional on the run still being
 * where it was read (state and attempt): two replays at once reopen it once. Only ended runs are replayed; a run on
 * its way is the watchdog's.
 */
export async function reopenRun(ledger: Ledger, runId: string, from: ReplayFrom): Promise<{ run: Run; previous: RunAttempt }> {
  const run = await ledger.getRun(runId);
  if (!run) throw new ReplayRefused(`no run ${runId} in the ledger`);
  if (!isTerminal(run.state)) {
    throw new ReplayRefused(`run ${runId} is ${run.state}, still on its way: only an ended run is replayed (the watchdog re-drives a run that stopped moving)`);
  }
  if (run.state === 'unrouted') throw new ReplayRefused(`run ${runId} is unrouted: no feed claimed ${run.key}; drop it under a feed's prefix`);
  if (run.state === 'expanded') throw new ReplayRefused(`run ${runId} is an archive expanded into runs of its own (${(run.outputs ?? []).join(', ')}): replay those`);
  if (from === 'egressing' && !(run.sheetId && run.stages?.validating)) {
    throw new ReplayRefused(`run ${runId} never reached validation (it ended ${run.state} in ${lastStage(run) ?? 'received'}): nothing to export again; replay it --from received`);
  }
  const plan = PLAN[from];
  const at = ledger.now().toISOString();
  const attempt = (run.attempt ?? 1) + 1;
  const previous: RunAttempt = {
    attempt: run.attempt ?? 1,
    state: run.state,
    ...(run.reason ? { reason: run.reason } : {}),
    counts: run.counts,
    ...(run.outputs ? { outputs: run.outputs } : {}),
    endedAt: run.updatedAt,
    replayedAt: at,
    from,
  };
  const stages = Object.fromEntries(plan.keepStages.flatMap((s) => (run.stages?.[s] ? [[s, run.stages[s]]] : [])));
  stages[plan.reopens] = { startedAt: at };
  const counts = Object.fromEntries(plan.keepCounts.flatMap((c) => (run.counts[c] !== undefined ? [[c, run.counts[c]]] : [])));
  const cleared = ['reason', 'outputs', 'rejectReasons', 'progress', 'lastError', ...plan.clear].filter((k) => k in run);
  // Forgotten first, so the reopened run finds its steps free; an ended run's steps matter to nobody meanwhile.
  for (const step of plan.steps) await forgetStep(ledger, runStep(runId, step));
  const names: Record<string, string> = { '#state': 'state', '#attempt': 'attempt', ...Object.fromEntries(cleared.map((k) => [`#${k}`, k])) };
  try {
    await ledger.db.send(
      new UpdateCommand({
        TableName: ledger.table,
        Key: { pk: `RUN#${runId}`, sk: 'RUN' },
        UpdateExpression:
          'SET #state = :to, activeStage = :to, progressAt = :at, updatedAt = :at, stages = :stages, counts = :counts, #attempt = :attempt, ' +
          'attempts = list_append(if_not_exists(attempts, :none), :previous)' +
          (cleared.length ? ` REMOVE ${cleared.map((k) => `#${k}`).join(', ')}` : ''),
        ConditionExpression: '#state = :was AND ' + (run.attempt ? '#attempt = :was_attempt' : 'attribute_not_exists(#attempt)'),
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: {
          ':to': plan.reopens,
          ':at': at,
          ':stages': stages,
          ':counts': counts,
          ':attempt': attempt,
          ':none': [],
          ':previous': [previous],
          ':was': run.state,
          ...(run.attempt ? { ':was_attempt': run.attempt } : {}),
        },
      }),
    );
  } catch (e) {
    if (e instanceof ConditionalCheckFailedException) throw new ReplayRefused(`run ${runId} changed while replaying it (another replay?); look at it again with flatfeed run ${runId}`);
    throw e;
  }
  return { run: (await ledger.getRun(runId))!, previous };
}

/** The stage a run was last in (the latest stage with a start in its timeline). */
function lastStage(run: Run): Stage | undefined {
  const entries = Object.entries(run.stages ?? {}) as [Stage, { startedAt: string }][];
  return entries.sort((a, b) => a[1].startedAt.localeCompare(b[1].startedAt)).at(-1)?.[0];
}
