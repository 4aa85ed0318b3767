import { TERMINAL_STATES, type Run } from '../shared/ledger/index.js';
import { progressPhrase, type Progress, type RunView } from './run-timeline.js';

/**
 * What a progress line says about a run: its state, and the numbers or the reason once it has them; while a stage
 * reports progress (run.progress), records done of total, rate and ETA.
 */
export function progressText(run: Run, previous?: Progress): string {
  const c = run.counts;
  if (run.state === 'done' || run.state === 'mismatch') return `${run.state} — ${c.rowsRead ?? '?'} rows, ${c.valid ?? '?'} valid, ${c.invalid ?? '?'} invalid`;
  if (TERMINAL_STATES.includes(run.state)) return run.reason ? `${run.state} — ${run.reason}` : run.state;
  const live = progressPhrase(run as RunView, previous);
  if (live) return `${run.state} — ${live}`;
  if (run.state === 'validating' && c.recordsCreated !== undefined) return `validating — ${c.recordsCreated} records`;
  return run.state;
}
