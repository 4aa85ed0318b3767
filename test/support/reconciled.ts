import { expect } from 'vitest';
import type { Run } from '../../shared/ledger/index.js';

/** A finished run's counts add up: every row read became a record, every record is valid or invalid, egressed or rejected. */
export function expectReconciled(c: Run['counts']): void {
  expect(c.rowsRead).toBeGreaterThan(0);
  expect(c.recordsCreated).toBe(c.rowsRead);
  expect((c.valid ?? 0) + (c.invalid ?? 0)).toBe(c.recordsCreated);
  expect((c.egressed ?? 0) + (c.rejected ?? 0)).toBe(c.recordsCreated);
}
