export { patrolRuns, type PatrolOptions, type PatrolReport, type WatchdogDeps } from './patrol.js';
export { redriveRun, type Redrive } from './redrive.js';
