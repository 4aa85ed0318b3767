// The run's states and the moves between them, as data. Every state write in the pipeline goes through
// shared/run/transition.ts, which refuses a move this table does not list, so a late, repeated or replayed message can
// never move a run backwards. DESIGN.md, "The run".

/** Stages a run passes through on its way, in order. */
export const STAGES = ['received', 'uploaded', 'extracting', 'mapping', 'validating', 'egressing'] as const;
export type Stage = (typeof STAGES)[number];

/** Every way a run can end; each carries a reason a person can act on, and a notice. */
const TERMINAL = ['done', 'rejected', 'needs-review', 'mismatch', 'unrouted', 'expanded', 'failed', 'stalled'] as const;
export type TerminalState = (typeof TERMINAL)[number];

export type RunState = Stage | TerminalState;
export const TERMINAL_STATES: readonly RunState[] = TERMINAL;

/** Ends every stage may come to without finishing: a bad file, a platform/configuration failure, the watchdog. */
const ABORT: readonly RunState[] = ['rejected', 'failed', 'stalled'];

/**
 * Allowed moves, `from → to`. Forward only; a terminal state leads nowhere except where a person acts: a mapping
 * waiting for review (`needs-review`) continues when someone finishes it in Flatfile. Going back to an earlier stage
 * is never a move of the pipeline; only an operator's replay would do it.
 */
export const TRANSITIONS: Readonly<Record<RunState, readonly RunState[]>> = {
  // `unrouted`: no feed claims the object (ingress creates the run, then ends it with its reason and notice).
  received: ['uploaded', 'expanded', 'unrouted', ...ABORT],
  // CSV/TSV/PSV go straight to mapping (the platform extracts them); other formats through our extraction job.
  uploaded: ['extracting', 'mapping', ...ABORT],
  extracting: ['mapping', ...ABORT],
  mapping: ['validating', 'needs-review', ...ABORT],
  validating: ['egressing', ...ABORT],
  egressing: ['done', 'mismatch', 'needs-review', ...ABORT],
  // A person finished the mapping in the Flatfile UI: the run goes on.
  'needs-review': ['validating'],
  done: [],
  rejected: [],
  mismatch: [],
  unrouted: [],
  expanded: [],
  failed: [],
  stalled: [],
};

export const isTerminal = (s: RunState): s is TerminalState => (TERMINAL_STATES as readonly string[]).includes(s);
export const isStage = (s: RunState): s is Stage => (STAGES as readonly string[]).includes(s);
export const canMove = (from: RunState, to: RunState): boolean => TRANSITIONS[from].includes(to);
