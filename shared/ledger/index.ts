export * from './types.js';
export { Ledger, type ClaimResult } from './ledger.js';
