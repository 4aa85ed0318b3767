export { runEgress, type EgressDeps, type EgressResult } from './run-egress.js';
export { egressKeys, rejectsInvalid, type EgressKeys, type OutboxFormat } from './keys.js';
export { neutraliseFormula } from './formula.js';
export { reconcile, invalidRatio, type ExportTally, type ReconcileInput } from './reconcile.js';
export { previousSync, exportBase, type SyncStamp, type EgressMode } from './sync-stamp.js';
export { RECORD_ID_COLUMN, REASONS_COLUMN } from './stream-export.js';
