import {
  progressPhrase
} from "./chunk-X42CG4QS.js";
import {
  TERMINAL_STATES
} from "./chunk-5YJFGHFQ.js";

// local/run-progress.ts
function progressText(run, previous) {
  const c = run.counts;
  if (run.state === "done" || run.state === "mismatch") return `${run.state} \u2014 ${c.rowsRead ?? "?"} rows, ${c.valid ?? "?"} valid, ${c.invalid ?? "?"} invalid`;
  if (TERMINAL_STATES.includes(run.state)) return run.reason ? `${run.state} \u2014 ${run.reason}` : run.state;
  const live = progressPhrase(run, previous);
  if (live) return `${run.state} \u2014 ${live}`;
  if (run.state === "validating" && c.recordsCreated !== void 0) return `validating \u2014 ${c.recordsCreated} records`;
  return run.state;
}

export {
  progressText
};
//# sourceMappingURL=chunk-MDNYORDY.js.map
