export * from './types.js';
export { Ledger, activeStageOf, type LinkKind, type RunChanges } from './ledger.js';
