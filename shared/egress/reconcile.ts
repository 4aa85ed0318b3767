/** What one export saw and wrote, counted record by record while streaming. */
export interface ExportTally {
  valid: number;
  invalid: number;
  /** Records written to the outbox. */
  egressed: number;
  /** Invalid records written to the rejects file, back to the partner. */
  rejected: number;
  /** Invalid records neither exported nor rejected: they wait in Flatfile for a person (`validation.invalid: review`). */
  held: number;
}

export interface ReconcileInput {
  /** The run's own numbers; absent for a "Sync now" export, which has no run. */
  run?: { rowsRead?: number; recordsCreated?: number; valid: number; invalid: number };
  export: ExportTally;
  /** The platform's count of records in the export's scope, taken before streaming: proves no page was lost. */
  scopeTotal: number;
  /** `egress.include: all`: invalid records go to the outbox too. */
  includeInvalid: boolean;
}

/**
 * The count equations of DESIGN.md, "Counts reconcile", each checked on its own so a mismatch says which one failed:
 *   rows read = records created = valid + invalid          (the run's records)
 *   valid + invalid = the platform's count of the scope     (nothing lost while paging)
 *   egressed = valid (+ invalid with include: all)
 *   invalid = rejected + held                               (held > 0 only when invalid records wait for review)
 * so that valid + invalid = egressed + rejected (+ held) for the export. Returns the failed equations; none = reconciled.
 */
export function reconcile(input: ReconcileInput): string[] {
  const failed: string[] = [];
  const check = (ok: boolean, equation: string) => {
    if (!ok) failed.push(equation);
  };
  const { run, export: t } = input;
  if (run) {
    const { rowsRead, recordsCreated } = run;
    if (rowsRead !== undefined && recordsCreated !== undefined) {
      check(rowsRead === recordsCreated, `rowsRead ${rowsRead} ≠ recordsCreated ${recordsCreated}`);
    }
    if (recordsCreated === undefined) failed.push('recordsCreated unknown: the run never recorded its record count');
    else {
      check(recordsCreated === run.valid + run.invalid, `recordsCreated ${recordsCreated} ≠ valid ${run.valid} + invalid ${run.invalid}`);
    }
  }
  check(t.valid + t.invalid === input.scopeTotal, `exported valid ${t.valid} + invalid ${t.invalid} ≠ ${input.scopeTotal} records in the sheet`);
  const outboxExpected = t.valid + (input.includeInvalid ? t.invalid : 0);
  check(t.egressed === outboxExpected, `egressed ${t.egressed} ≠ ${input.includeInvalid ? 'valid + invalid' : 'valid'} ${outboxExpected}`);
  check(t.invalid === t.rejected + t.held, `invalid ${t.invalid} ≠ rejected ${t.rejected} + held ${t.held}`);
  return failed;
}

/** Share of invalid records, 0 for an empty export. */
export function invalidRatio(valid: number, invalid: number): number {
  return valid + invalid === 0 ? 0 : invalid / (valid + invalid);
}
