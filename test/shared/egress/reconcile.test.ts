import { describe, expect, it } from 'vitest';
import { invalidRatio, reconcile, type ExportTally } from '../../../shared/egress/index.js';

const tally = (t: Partial<ExportTally>): ExportTally => ({ valid: 0, invalid: 0, egressed: 0, rejected: 0, held: 0, ...t });

describe('reconcile', () => {
  it('accepts rows read = records created = valid + invalid = egressed + rejected', () => {
    expect(
      reconcile({
        run: { rowsRead: 20, recordsCreated: 20, valid: 14, invalid: 6 },
        export: tally({ valid: 14, invalid: 6, egressed: 14, rejected: 6 }),
        scopeTotal: 20,
        includeInvalid: false,
      }),
    ).toEqual([]);
  });

  it('names each failed equation', () => {
    expect(
      reconcile({
        run: { rowsRead: 21, recordsCreated: 20, valid: 14, invalid: 5 },
        export: tally({ valid: 14, invalid: 5, egressed: 13, rejected: 4 }),
        scopeTotal: 20,
        includeInvalid: false,
      }),
    ).toEqual([
      'rowsRead 21 ≠ recordsCreated 20',
      'recordsCreated 20 ≠ valid 14 + invalid 5',
      'exported valid 14 + invalid 5 ≠ 20 records in the sheet',
      'egressed 13 ≠ valid 14',
      'invalid 5 ≠ rejected 4 + held 0',
    ]);
  });

  it('counts records held for review on the invalid side (validation.invalid: review)', () => {
    expect(
      reconcile({
        run: { recordsCreated: 10, valid: 7, invalid: 3 },
        export: tally({ valid: 7, invalid: 3, egressed: 7, held: 3 }),
        scopeTotal: 10,
        includeInvalid: false,
      }),
    ).toEqual([]);
  });

  it('expects invalid records in the outbox too with include: all', () => {
    const base = { export: tally({ valid: 7, invalid: 3, egressed: 7, rejected: 3 }), scopeTotal: 10, includeInvalid: true };
    expect(reconcile(base)).toEqual(['egressed 7 ≠ valid + invalid 10']);
    expect(reconcile({ ...base, export: { ...base.export, egressed: 10 } })).toEqual([]);
  });

  it('treats a run without a record count as unreconciled, and skips rowsRead when it was never counted', () => {
    expect(reconcile({ run: { valid: 1, invalid: 0 }, export: tally({ valid: 1, egressed: 1 }), scopeTotal: 1, includeInvalid: false })).toEqual([
      'recordsCreated unknown: the run never recorded its record count',
    ]);
  });

  it('checks only the export for a "Sync now" without a run', () => {
    expect(reconcile({ export: tally({ valid: 2, egressed: 2 }), scopeTotal: 2, includeInvalid: false })).toEqual([]);
  });
});

describe('invalidRatio', () => {
  it('is the invalid share, 0 when nothing was read', () => {
    expect(invalidRatio(15, 5)).toBe(0.25);
    expect(invalidRatio(0, 0)).toBe(0);
  });
});
