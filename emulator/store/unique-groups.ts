import { uniqueKey, type FieldRule } from '../validation.js';
import { grown } from './row-store.js';

/** The row holding a value alone, or every row holding it once it is shared. */
type Group = number | number[];

/**
 * The `unique` constraint of a sheet's fields: per field, the rows holding each value (keyed as the constraint
 * compares them), and a flag per row whose value another row shares, so a duplicate check costs no lookup. Adding
 * or removing a row is O(1) in the sheet's size (O(group) for values held many times).
 */
export class UniqueGroups {
  private groups = new Map<string, Map<string, Group>>();
  private dups = new Map<string, Uint8Array>();

  constructor(private capacity: number) {}

  clear(): void {
    this.groups.clear();
    for (const d of this.dups.values()) d.fill(0);
  }

  grow(capacity: number): void {
    this.capacity = capacity;
    for (const [key, old] of this.dups) this.dups.set(key, grown(new Uint8Array(capacity), old));
  }

  isDuplicate(rule: FieldRule, row: number): boolean {
    return this.dups.get(rule.key)?.[row] === 1;
  }

  /** Adds a row's value; returns the row that held it alone until now (it has just become a duplicate), else -1. */
  add(rule: FieldRule, row: number, value: unknown): number {
    const k = uniqueKey(rule.unique!, value);
    if (k === undefined) return -1;
    const m = this.groupsOf(rule);
    const d = this.flagsOf(rule);
    const g = m.get(k);
    if (g === undefined) m.set(k, row);
    else if (typeof g === 'number') {
      m.set(k, [g, row]);
      d[g] = 1;
      d[row] = 1;
      return g;
    } else {
      g.push(row);
      d[row] = 1;
    }
    return -1;
  }

  /** Removes a row's value; returns the row now left alone with it (no longer a duplicate), else -1. */
  remove(rule: FieldRule, row: number, value: unknown): number {
    const k = uniqueKey(rule.unique!, value);
    if (k === undefined) return -1;
    const m = this.groupsOf(rule);
    const d = this.flagsOf(rule);
    d[row] = 0;
    const g = m.get(k);
    if (g === row) m.delete(k);
    else if (Array.isArray(g)) {
      const rest = g.filter((r) => r !== row);
      if (rest.length === 1) {
        m.set(k, rest[0]!);
        d[rest[0]!] = 0;
        return rest[0]!;
      }
      m.set(k, rest);
    }
    return -1;
  }

  private groupsOf(rule: FieldRule): Map<string, Group> {
    let m = this.groups.get(rule.key);
    if (!m) this.groups.set(rule.key, (m = new Map()));
    return m;
  }

  private flagsOf(rule: FieldRule): Uint8Array {
    let d = this.dups.get(rule.key);
    if (!d) this.dups.set(rule.key, (d = new Uint8Array(this.capacity)));
    return d;
  }
}
