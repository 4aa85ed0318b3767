import type { TerminalState } from './states.js';

/**
 * How an egressed run ends: counts that do not reconcile win over everything (an alarm must fire), then records held
 * in Flatfile for a person, else done.
 */
export function finalState(outcome: { mismatches: readonly string[]; held: number }): Extract<TerminalState, 'done' | 'mismatch' | 'needs-review'> {
  if (outcome.mismatches.length > 0) return 'mismatch';
  if (outcome.held > 0) return 'needs-review';
  return 'done';
}
