import type { Validator } from './compile.js';
import { diffRecord } from './diff.js';
import { hookRecord, type FeedHooks, type HookContext } from './hooks.js';
import type { Outcome, RecordUpdate, SheetRecord } from './types.js';
import type { UniqueIndex } from './unique.js';

export interface Checked {
  /** What to write back; undefined when the sheet already holds exactly this. */
  update: RecordUpdate | undefined;
  /** Whether our rules or hooks left an error on the record. */
  invalid: boolean;
}

/**
 * One record through the whole pipeline: manifest rules, sheet-wide uniqueness, the feed's hook, and the diff
 * against what the sheet holds. Synchronous unless the hook returns a promise, so a million records cost no
 * million awaits.
 */
export function checkRecord(
  record: SheetRecord,
  validator: Validator,
  index: Pick<UniqueIndex, 'isDuplicate'> | undefined,
  hooks: FeedHooks | undefined,
  ctx: HookContext,
): Checked | Promise<Checked> {
  const outcome = validator.validate(record);
  if (index) markDuplicates(outcome, validator, index);
  const pending = hooks?.record?.(hookRecord(outcome), ctx);
  if (pending) return pending.then(() => finish(record, outcome));
  return finish(record, outcome);
}

function finish(record: SheetRecord, outcome: Outcome): Checked {
  return { update: diffRecord(record, outcome), invalid: hasError(outcome) };
}

function markDuplicates(outcome: Outcome, validator: Validator, index: Pick<UniqueIndex, 'isDuplicate'>): void {
  for (const f of validator.uniqueFields) {
    const cell = outcome.cells[f.key]!;
    if (index.isDuplicate(f, cell.value)) {
      outcome.cells[f.key] = { value: cell.value, messages: [...cell.messages, f.unique!.message(cell.value)] };
    }
  }
}

function hasError(outcome: Outcome): boolean {
  for (const key in outcome.cells) if (outcome.cells[key]!.messages.some((m) => m.type === 'error')) return true;
  return false;
}
