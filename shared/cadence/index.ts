export { CronError, occurrencesBefore, parseEventBridgeCron } from './eventbridge-cron.js';
export { assessCadence, type Cadence, type CadenceVerdict } from './staleness.js';
export { checkCadence, type CadenceDeps, type CadenceReport } from './check-cadence.js';
