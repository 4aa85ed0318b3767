import type { Ledger, ProgressUnit, Run, RunChanges, RunState } from '../ledger/index.js';
import { canMove, isStage, isTerminal, type Stage } from './states.js';

export type MoveResult =
  | { moved: true; from: RunState; run: Run }
  /** Refused: the run is elsewhere (a late or repeated message), already there (`state === to`), or unknown. */
  | { moved: false; state: RunState | undefined; run?: Run };

/**
 * Moves a run to `to`, if the transition table allows it from the state the run is in, with one write conditional
 * on that state: two deliveries racing for the same move cannot both make it, and nothing ever moves a run backwards.
 * The write also keeps the stage timeline (`stages[stage].startedAt/endedAt`) and the watchdog's index keys.
 */
export async function moveRun(ledger: Ledger, runId: string, to: RunState, changes: RunChanges = {}): Promise<MoveResult> {
  // A lost race re-reads and decides again; a handful of rounds is plenty (one per concurrent mover).
  for (let round = 0; round < 5; round++) {
    const run = await ledger.getRun(runId);
    if (!run) return { moved: false, state: undefined };
    if (!canMove(run.state, to)) return { moved: false, state: run.state, run };
    const at = ledger.now().toISOString();
    const stages = { ...run.stages };
    if (isStage(run.state)) stages[run.state] = { ...(stages[run.state] ?? { startedAt: run.createdAt }), endedAt: at };
    if (isStage(to)) stages[to] = { startedAt: at };
    const stageKeys: RunChanges = isStage(to) ? { activeStage: to, progressAt: at } : {};
    const moved = await ledger.updateRun(
      runId,
      { ...changes, ...stageKeys, state: to, stages },
      { ifState: [run.state], remove: isTerminal(to) ? ['activeStage'] : [] },
    );
    if (moved) {
      const { counts, ...rest } = changes;
      return { moved: true, from: run.state, run: { ...run, ...rest, ...stageKeys, counts: { ...run.counts, ...counts }, state: to, stages, updatedAt: at } };
    }
  }
  const run = await ledger.getRun(runId);
  return { moved: false, state: run?.state, ...(run ? { run } : {}) };
}

/**
 * Records how far a stage got (only while the run is in it); it also counts as progress for the watchdog. A report
 * older than the one stored is dropped: throttled reports are sent without waiting, so the last chunk's report can
 * overtake an earlier one, which would otherwise land after it and move the figure back.
 */
export async function reportProgress(ledger: Ledger, runId: string, stage: Stage, done: number, total?: number, unit?: ProgressUnit): Promise<void> {
  const at = ledger.now().toISOString();
  const progress = { stage, done, ...(total !== undefined ? { total } : {}), ...(unit && unit !== 'records' ? { unit } : {}), at };
  await ledger.updateRun(runId, { progress, progressAt: at }, { ifState: [stage], ifProgressNotAfter: at });
}

/** Records the last error a step of the run met, whether it will be retried or ends the run. */
export async function recordError(ledger: Ledger, runId: string, stage: string, code: string, message: string): Promise<void> {
  await ledger.updateRun(runId, { lastError: { at: ledger.now().toISOString(), stage, code, message: message.slice(0, 1000) } }).catch(() => undefined);
}
