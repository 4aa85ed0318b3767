// shared/run/states.ts
var STAGES = ["received", "uploaded", "extracting", "mapping", "validating", "egressing"];
var TERMINAL = ["done", "rejected", "needs-review", "mismatch", "unrouted", "expanded", "failed", "stalled"];
var TERMINAL_STATES = TERMINAL;
var ABORT = ["rejected", "failed", "stalled"];
var TRANSITIONS = {
  received: ["uploaded", "expanded", ...ABORT],
  // CSV/TSV/PSV go straight to mapping (the platform extracts them); other formats through our extraction job.
  uploaded: ["extracting", "mapping", ...ABORT],
  extracting: ["mapping", ...ABORT],
  mapping: ["validating", "needs-review", ...ABORT],
  validating: ["egressing", ...ABORT],
  egressing: ["done", "mismatch", "needs-review", ...ABORT],
  // A person finished the mapping in the Flatfile UI: the run goes on.
  "needs-review": ["validating"],
  done: [],
  rejected: [],
  mismatch: [],
  unrouted: [],
  expanded: [],
  failed: [],
  stalled: []
};
var isTerminal = (s) => TERMINAL_STATES.includes(s);
var isStage = (s) => STAGES.includes(s);
var canMove = (from, to) => TRANSITIONS[from].includes(to);

export {
  STAGES,
  TERMINAL_STATES,
  isTerminal,
  isStage,
  canMove
};
//# sourceMappingURL=chunk-5YJFGHFQ.js.map
