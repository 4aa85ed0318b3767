import type { Validator } from './compile.js';
import { diffRecord } from './diff.js';
import { hookRecord, type FeedHooks, type HookContext } from './hooks.js';
import type { Outcome, RecordUpdate, SheetRecord } from './types.js';

export interface Checked {
  /** What to write back; undefined when the sheet already holds exactly this. */
  update: RecordUpdate | undefined;
  /** Whether our rules or hooks left an error on the record. */
  invalid: boolean;
}

/**
 * One record through the whole pipeline: manifest rules, the feed's hook, and the diff against what the sheet
 * holds. Uniqueness within the sheet is the platform's `unique` constraint, not ours. Synchronous unless the hook returns a promise, so a million records cost no
 * million awaits.
 */
export function checkRecord(
  record: SheetRecord,
  validator: Validator,
  hooks: FeedHooks | undefined,
  ctx: HookContext,
): Checked | Promise<Checked> {
  const outcome = validator.validate(record);
  const pending = hooks?.record?.(hookRecord(outcome), ctx);
  if (pending) return pending.then(() => finish(record, outcome));
  return finish(record, outcome);
}

function finish(record: SheetRecord, outcome: Outcome): Checked {
  return { update: diffRecord(record, outcome), invalid: hasError(outcome) };
}

function hasError(outcome: Outcome): boolean {
  for (const key in outcome.cells) if (outcome.cells[key]!.messages.some((m) => m.type === 'error')) return true;
  return false;
}
