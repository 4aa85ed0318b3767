export * from './states.js';
export { moveRun, reportProgress, recordError, type MoveResult } from './transition.js';
export { doOnce, runStep, stepState, forgetStep, type StepKey, type StepOutcome, type StepOptions } from './step.js';
export { endRun, type EndDeps } from './end.js';
export { finalState } from './final-state.js';
export { reopenRun, ReplayRefused, REPLAY_FROM, type ReplayFrom } from './reopen.js';
