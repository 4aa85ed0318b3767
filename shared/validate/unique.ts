import type { CompiledField } from './compile.js';
import type { SheetRecord } from './types.js';

/**
 * Which records hold each value of the sheet's unique fields. Built by streaming the sheet page by page, projected
 * to the unique fields: it keeps one record id per distinct value, and a list only for values held more than once.
 */
export class UniqueIndex {
  private readonly holders = new Map<string, Map<string, string | string[]>>();
  private readonly duplicated = new Map<string, string[][]>();
  /** Records that carry our duplicate message, so it can be removed once they are unique again. */
  private readonly flagged: { id: string; field: string; key: string | undefined }[] = [];

  constructor(private readonly fields: readonly CompiledField[]) {
    for (const f of fields) {
      this.holders.set(f.key, new Map());
      this.duplicated.set(f.key, []);
    }
  }

  add(record: SheetRecord): void {
    for (const f of this.fields) {
      const cell = record.values[f.key];
      // Counted under the value validation will write, so "A@x.io " and "a@x.io" collide before the write-back.
      const key = f.unique!.keyOf(f.check(cell?.value).value);
      if (cell?.messages?.some(f.unique!.isOurs)) this.flagged.push({ id: record.id, field: f.key, key });
      if (key === undefined) continue;
      const map = this.holders.get(f.key)!;
      const held = map.get(key);
      if (held === undefined) map.set(key, record.id);
      else if (typeof held === 'string') {
        const list = [held, record.id];
        map.set(key, list);
        this.duplicated.get(f.key)!.push(list);
      } else held.push(record.id);
    }
  }

  /** Is this value held by more than one record of the sheet? */
  isDuplicate(field: CompiledField, value: unknown): boolean {
    const key = field.unique?.keyOf(value as never);
    return key !== undefined && Array.isArray(this.holders.get(field.key)?.get(key));
  }

  /**
   * Records whose duplicate message is wrong as the sheet stands: duplicates not yet flagged, and flagged records
   * whose value is unique again (their twin was edited or deleted).
   */
  needingRecheck(): Set<string> {
    const flaggedAt = new Set(this.flagged.map((f) => `${f.field}\u0000${f.id}`));
    const out = new Set<string>();
    for (const [field, lists] of this.duplicated) {
      for (const list of lists) for (const id of list) if (!flaggedAt.has(`${field}\u0000${id}`)) out.add(id);
    }
    for (const f of this.flagged) {
      if (f.key === undefined || !Array.isArray(this.holders.get(f.field)?.get(f.key))) out.add(f.id);
    }
    return out;
  }
}
