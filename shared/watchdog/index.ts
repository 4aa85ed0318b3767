export { patrolRuns, type PatrolOptions, type PatrolReport, type WatchdogDeps } from './patrol.js';
export { keepQueuedJobsAlive, QUEUED_INFO, type KeepQueuedDeps } from './keep-queued.js';
