import { TERMINAL_STATES, type Run } from '../shared/ledger/index.js';

/** What a progress line says about a run: its state, and the numbers or the reason once it has them. */
export function progressText(run: Run): string {
  const c = run.counts;
  if (run.state === 'done' || run.state === 'mismatch') return `${run.state} — ${c.rowsRead ?? '?'} rows, ${c.valid ?? '?'} valid, ${c.invalid ?? '?'} invalid`;
  if (run.state === 'validating' && c.recordsCreated !== undefined) return `validating — ${c.recordsCreated} records`;
  return TERMINAL_STATES.includes(run.state) && run.reason ? `${run.state} — ${run.reason}` : run.state;
}
