import { valueOf, type Message, type Outcome, type RecordUpdate, type SheetRecord, type StoredMessage } from './types.js';

/**
 * The write-back for one record: the cells whose value or whose custom-logic messages differ from what the sheet
 * holds, or undefined when nothing does. Other sources' messages (required-constraint, invalid-option…) belong to
 * the platform and are left alone; sending a cell's messages replaces only its custom-logic ones.
 */
export function diffRecord(record: SheetRecord, outcome: Outcome): RecordUpdate | undefined {
  let values: RecordUpdate['values'] | undefined;
  for (const key in outcome.cells) {
    const next = outcome.cells[key]!;
    const valueChanged = !sameValue(valueOf(record, key), next.value);
    const stored = record.messages && Object.hasOwn(record.messages, key) ? record.messages[key] : undefined;
    if (!valueChanged && sameMessages(stored, next.messages)) continue;
    // null, not undefined: JSON drops undefined, and the platform would keep the old value.
    (values ??= {})[key] = valueChanged ? { value: next.value ?? null, messages: [...next.messages] } : { messages: [...next.messages] };
  }
  return values && { id: record.id, values };
}

function sameValue(a: unknown, b: unknown): boolean {
  return a === b || (a == null && b == null);
}

function sameMessages(messages: readonly StoredMessage[] | undefined, ours: readonly Message[]): boolean {
  let stored = 0;
  for (const m of messages ?? []) {
    if (m.source !== 'custom-logic') continue;
    stored++;
    if (!ours.some((o) => o.type === m.type && o.message === m.message)) return false;
  }
  return stored === ours.length;
}
