export * from './types.js';
export { Ledger, activeStageOf, uploadKey, type LinkKind, type RunChanges } from './ledger.js';
