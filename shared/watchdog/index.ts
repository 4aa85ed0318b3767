export { patrolRuns, type PatrolOptions, type PatrolReport, type WatchdogDeps } from './patrol.js';
