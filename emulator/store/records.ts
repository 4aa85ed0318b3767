import { badRequest } from '../errors.js';
import { hasError, type FieldRule, type Schema } from '../validation.js';
import type { Json, Message } from '../types.js';
import { InsertParser, type ColumnBatch } from './insert-parser.js';
import { StringInterner } from './interner.js';
import type { Leased } from './fragments.js';
import { RecordJson, type CellMessages } from './record-json.js';
import { applyLogLine, logLines, type LogLine } from './record-log.js';
import { RowStore } from './row-store.js';
import { liveRows, selectRows, type Selection } from './selection.js';
import { UniqueGroups } from './unique-groups.js';

export type { LogLine } from './record-log.js';
export type { Selection } from './selection.js';

export interface CellIn {
  value?: unknown;
  messages?: Message[];
}
export interface RecordUpdate {
  id: string;
  values?: Record<string, CellIn>;
  metadata?: Json;
  config?: Json;
}

/**
 * The records of one sheet: writes (insert, update, delete) and what follows from them — the platform's validation
 * (checks per value, the `unique` constraint across rows, custom messages from writers), counts, row lists for
 * queries, and the rows persistence has yet to take. Storage is a RowStore (column-wise: a million 12-field records
 * stay well under a gigabyte), reads are RecordJson's, queries selection.ts's, the log format record-log.ts's.
 */
export class RecordTable implements CellMessages {
  private readonly store: RowStore;
  /** The columns of `schema.fields`, in that order (a column array, once made, is never replaced). */
  private fieldColumns: unknown[][];
  private readonly unique: UniqueGroups;
  /** Per field, one copy of each repeated string value (see StringInterner). */
  private readonly interners = new Map<string, StringInterner>();
  private readonly json: RecordJson;
  private liveCount = 0;
  /** Reads insert bodies straight into columns; rebuilt when the schema changes. */
  private insertParser: InsertParser | undefined;
  private validCount = 0;
  private deletedCount = 0;
  /** Row lists by filter, rebuilt lazily after a write: pages then cost O(page), not O(sheet). */
  private cache = new Map<string, Int32Array>();
  /** Rows below this have been handed to persistence; rows at or above it are new since (see drainChanges). */
  private loggedSize = 0;
  /** Rows below `loggedSize` changed since persistence last took them. */
  private dirty = new Set<number>();

  constructor(
    sheetTag: string,
    private schema: Schema,
  ) {
    this.store = new RowStore(`us_rc_${sheetTag}`);
    for (const f of schema.fields) this.store.columns.set(f.key, []);
    this.fieldColumns = schema.fields.map((f) => this.store.columns.get(f.key)!);
    this.unique = new UniqueGroups(this.store.capacity);
    this.json = new RecordJson(this.store, () => this.schema, this);
  }
  get total(): number {
    return this.liveCount;
  }

  counts(): { total: number; valid: number; error: number } {
    return { total: this.liveCount, valid: this.validCount, error: this.liveCount - this.validCount };
  }

  idOf(row: number): string {
    return this.store.prefix + row.toString(36);
  }

  /** Row of a record id of this sheet; 400 for ids of another sheet or unknown/deleted records. */
  rowOf(id: string): number {
    const { prefix, size, deleted } = this.store;
    const row = id.startsWith(prefix) ? parseInt(id.slice(prefix.length), 36) : NaN;
    if (!(row >= 0 && row < size) || deleted[row]) {
      throw badRequest(`Record ${id} does not exist in this sheet`, 'id');
    }
    return row;
  }

  column(key: string): unknown[] | undefined {
    return this.store.columns.get(key);
  }

  /** Replaces the field rules (sheet config changed) and revalidates every row. */
  setSchema(schema: Schema): void {
    const store = this.store;
    this.schema = schema;
    this.insertParser = undefined;
    for (const f of schema.fields) if (!store.columns.has(f.key)) store.columns.set(f.key, new Array(store.size));
    this.fieldColumns = schema.fields.map((f) => store.columns.get(f.key)!);
    this.unique.clear();
    this.json.fragments.clear();
    this.validCount = 0;
    for (let row = 0; row < store.size; row++) if (!store.deleted[row]) this.indexUnique(row, 0);
    for (let row = 0; row < store.size; row++) {
      if (store.deleted[row]) continue;
      store.valid[row] = this.computeValid(row) ? 1 : 0;
      this.validCount += store.valid[row]!;
    }
    this.cache.clear();
  }

  /** Appends records and returns their rows. */
  insert(records: Record<string, CellIn | undefined>[], seq: number): Int32Array {
    const start = this.store.size;
    const count = records.length;
    this.grow(start + count);
    const fields = this.schema.fields;
    for (const f of fields) {
      const col = this.store.columns.get(f.key)!;
      const strings = this.internerOf(f.key);
      col.length = start;
      for (let i = 0; i < count; i++) {
        const cell = records[i]![f.key];
        col.push(cell === undefined || cell === null ? undefined : strings.intern(f.coerce(cell.value ?? undefined)));
      }
    }
    for (let i = 0; i < count; i++) {
      const record = records[i]!;
      const row = start + i;
      for (const key in record) {
        const cell = record[key];
        if (!cell) continue;
        if (!this.schema.byKey.has(key)) this.setExtra(row, key, cell.value);
        if (Array.isArray(cell.messages) && cell.messages.length > 0) this.setCustom(row, key, cell.messages);
      }
    }
    return this.finishInsert(start, count, seq);
  }

  /**
   * Appends records given column-wise (raw values per schema field, in `schema.fields` order, undefined for none):
   * the same outcome as `insert` for records of schema fields with values only, without a cell object per value.
   */
  insertColumns(raw: unknown[][], from: number, to: number, seq: number): Int32Array {
    const start = this.store.size;
    const count = to - from;
    this.grow(start + count);
    const fields = this.schema.fields;
    for (let f = 0; f < fields.length; f++) {
      const rule = fields[f]!;
      const col = this.store.columns.get(rule.key)!;
      const strings = this.internerOf(rule.key);
      const values = raw[f]!;
      col.length = start;
      for (let i = from; i < to; i++) {
        const v = values[i];
        col.push(v === undefined ? undefined : strings.intern(rule.coerce(v)));
      }
    }
    return this.finishInsert(start, count, seq);
  }

  /** An insert body read column-wise for `insertColumns`, or undefined when it needs JSON.parse (see InsertParser). */
  parseInsert(body: Buffer): ColumnBatch | undefined {
    this.insertParser ??= new InsertParser(this.schema.fields.map((f) => f.key));
    return this.insertParser.parse(body);
  }

  private finishInsert(start: number, count: number, seq: number): Int32Array {
    const store = this.store;
    store.size = start + count;
    store.rowSeq.fill(seq, start, start + count);
    for (let row = start; row < store.size; row++) this.indexUnique(row, start);
    for (let row = start; row < store.size; row++) {
      const v = this.computeValid(row) ? 1 : 0;
      store.valid[row] = v;
      this.validCount += v;
    }
    this.liveCount += count;
    this.cache.clear();
    const rows = new Int32Array(count);
    for (let i = 0; i < count; i++) rows[i] = start + i;
    return rows;
  }

  /** Applies updates; returns the rows that actually changed. Every id is checked before anything changes. */
  update(records: RecordUpdate[], seq: number): Int32Array {
    if (!Array.isArray(records)) throw badRequest('Body must be an array of records');
    const rows = records.map((r, i) => {
      if (typeof r?.id !== 'string') throw badRequest(`Record ${i} has no id`, 'id');
      return this.rowOf(r.id);
    });
    const store = this.store;
    const changed: number[] = [];
    records.forEach((r, i) => {
      const row = rows[i]!;
      let dirty = false;
      for (const [key, cell] of Object.entries(r.values ?? {})) {
        if (!cell || typeof cell !== 'object') continue;
        if ('value' in cell && this.setValue(row, key, cell.value)) dirty = true;
        if (Array.isArray(cell.messages) && this.replaceCustom(row, key, cell.messages)) dirty = true;
      }
      if (r.metadata !== undefined && setSparse(store.metadata, row, r.metadata)) dirty = true;
      if (r.config !== undefined && setSparse(store.config, row, r.config)) dirty = true;
      if (dirty) {
        changed.push(row);
        store.rowSeq[row] = seq;
      }
    });
    for (const row of changed) {
      this.refreshValid(row);
      this.json.fragments.invalidate(row);
      this.touch(row);
    }
    if (changed.length > 0) this.changed();
    return Int32Array.from(changed);
  }

  /** Deletes records by id; returns the deleted rows. */
  delete(ids: string[]): Int32Array {
    const rows = Int32Array.from(new Set(ids.map((id) => this.rowOf(id))));
    for (const row of rows) this.deleteRow(row);
    if (rows.length > 0) this.changed();
    return rows;
  }

  /** Deletes every live row the selection matches, except `keep` ids. */
  deleteWhere(selection: Selection, keep: string[] = []): Int32Array {
    const except = new Set(keep.map((id) => this.rowOf(id)));
    const rows = this.select(selection).filter((r) => !except.has(r));
    for (const row of rows) this.deleteRow(row);
    if (rows.length > 0) this.changed();
    return rows;
  }

  /** Rows matching a query, in sheet order unless sorted. */
  select(q: Selection): Int32Array {
    const ids = q.ids && q.ids.length > 0 ? new Set(q.ids.map((id) => this.rowOf(id))) : undefined;
    return selectRows(this.store, this.schema, this, q, ids, (filter) => this.rowsBy(filter));
  }

  /** The stored values of a live row, every column that holds one (undefined for a deleted or unknown row). */
  valuesOf(row: number): Record<string, unknown> | undefined {
    const store = this.store;
    if (!(row >= 0 && row < store.size) || store.deleted[row]) return undefined;
    const out: Record<string, unknown> = {};
    for (const [key, col] of store.columns) {
      const v = col[row];
      if (v !== undefined) out[key] = v;
    }
    return out;
  }

  /** Every live row, in sheet order. */
  liveRowNumbers(): number[] {
    const rows: number[] = [];
    for (let r = 0; r < this.store.size; r++) if (!this.store.deleted[r]) rows.push(r);
    return rows;
  }

  /** Sequence number of the last commit that wrote the row. */
  seqOf(row: number): number {
    return this.store.rowSeq[row] ?? 0;
  }

  /** Whether the row holds no error (computed validity). */
  isValid(row: number): boolean {
    return this.store.valid[row] === 1;
  }

  /** See RecordJson.page. */
  page(rows: ArrayLike<number>, from: number, to: number, fields?: string[], withMessages = true): Leased {
    return this.json.page(rows, from, to, fields, withMessages);
  }

  /** See RecordJson.jsonlPage. */
  jsonlPage(rows: ArrayLike<number>, from: number, to: number, sheetId: string | undefined, fields: string[], emptyCells: boolean, sheetName: string): Leased {
    return this.json.jsonlPage(rows, from, to, sheetId, fields, emptyCells, sheetName);
  }

  /**
   * Log lines for the rows that changed since the last call (all live rows with `all`, to compact a log), or none.
   * Rows appended since then are new; earlier rows are tracked as they change.
   */
  drainChanges(all = false): Iterable<LogLine> {
    const store = this.store;
    const rows: number[] = [];
    if (all) {
      for (let r = 0; r < store.size; r++) if (!store.deleted[r]) rows.push(r);
    } else {
      for (const r of this.dirty) rows.push(r);
      for (let r = this.loggedSize; r < store.size; r++) rows.push(r);
    }
    this.dirty.clear();
    this.loggedSize = store.size;
    return logLines(store, rows, all);
  }

  /** Applies one line of a persistence log; `finishReplay()` validates once every line is in. */
  replay(line: LogLine): void {
    if (line.size > this.store.size) this.grow(line.size);
    applyLogLine(this.store, line);
  }

  finishReplay(): void {
    const store = this.store;
    for (const col of store.columns.values()) col.length = store.size;
    this.deletedCount = 0;
    for (let r = 0; r < store.size; r++) this.deletedCount += store.deleted[r]!;
    this.liveCount = store.size - this.deletedCount;
    this.loggedSize = store.size;
    this.setSchema(this.schema);
  }

  /** The platform's messages on a cell (its checks, the unique constraint) followed by the writers' own. */
  messagesOf(row: number, key: string, rule: FieldRule | undefined, value: unknown, custom: Record<string, Message[]> | undefined): Message[] {
    const own = custom?.[key];
    if (!rule) return own ?? [];
    const base = rule.check(value);
    const dup = rule.unique && this.unique.isDuplicate(rule, row);
    if (!dup && !own) return base;
    const out = [...base];
    if (dup) out.push({ type: rule.unique!.type, source: 'unique-constraint', message: rule.unique!.message, field: key });
    if (own) out.push(...own);
    return out;
  }

  // --- internals ---

  private changed(): void {
    this.cache.clear();
  }

  /** Notes a row's change for persistence (new rows are picked up by position). */
  private touch(row: number): void {
    if (row < this.loggedSize) this.dirty.add(row);
  }

  /** A column for an additional field; cached records may hold messages for that key that now show, so drop them. */
  private addColumn(key: string): unknown[] {
    const col: unknown[] = [];
    this.store.columns.set(key, col);
    this.json.fragments.clear();
    return col;
  }

  private internerOf(key: string): StringInterner {
    let strings = this.interners.get(key);
    if (!strings) this.interners.set(key, (strings = new StringInterner()));
    return strings;
  }

  private grow(n: number): void {
    const capacity = this.store.grow(n);
    if (capacity > 0) this.unique.grow(capacity);
  }

  private setExtra(row: number, key: string, value: unknown): void {
    if (!this.schema.allowAdditionalFields) return;
    const col = this.store.columns.get(key) ?? this.addColumn(key);
    col[row] = value ?? undefined;
  }

  private setValue(row: number, key: string, raw: unknown): boolean {
    const rule = this.schema.byKey.get(key);
    if (!rule && !this.schema.allowAdditionalFields) return false;
    const col = this.store.columns.get(key) ?? this.addColumn(key);
    const value = raw === null || raw === undefined ? undefined : this.internerOf(key).intern(rule ? rule.coerce(raw) : raw);
    if (sameValue(col[row], value)) return false;
    if (rule?.unique) this.unindex(rule, row);
    col[row] = value;
    if (rule?.unique) this.index(rule, row);
    return true;
  }

  /** Writer-supplied messages are custom logic; echoes of platform messages are dropped, not stored twice. */
  private normalizeCustom(row: number, key: string, messages: Message[]): Message[] {
    const system = this.systemMessages(row, key);
    return messages
      .filter((m) => m && (m.source === undefined || m.source === 'custom-logic'))
      .filter((m) => !system.some((s) => s.message === m.message && s.type === m.type))
      .map((m) => ({ ...m, source: 'custom-logic', field: m.field ?? key }));
  }

  private setCustom(row: number, key: string, messages: Message[]): void {
    const list = this.normalizeCustom(row, key, messages);
    if (list.length === 0) return;
    const entry = this.store.custom.get(row) ?? {};
    entry[key] = list;
    this.store.custom.set(row, entry);
  }

  private replaceCustom(row: number, key: string, messages: Message[]): boolean {
    const next = this.normalizeCustom(row, key, messages);
    const custom = this.store.custom;
    const entry = custom.get(row);
    const prev = entry?.[key] ?? [];
    if (JSON.stringify(prev) === JSON.stringify(next)) return false;
    if (next.length > 0) custom.set(row, { ...entry, [key]: next });
    else if (entry) {
      delete entry[key];
      if (Object.keys(entry).length === 0) custom.delete(row);
    }
    return true;
  }

  private systemMessages(row: number, key: string): Message[] {
    const rule = this.schema.byKey.get(key);
    const value = this.store.columns.get(key)?.[row];
    return rule ? this.messagesOf(row, key, rule, value, undefined) : [];
  }

  /** Whether the row has no error; also notes whether it has no message at all (see RowStore.clean). */
  private computeValid(row: number): boolean {
    const store = this.store;
    store.clean[row] = 0;
    const custom = store.custom.get(row);
    if (custom) for (const key in custom) if (hasError(custom[key])) return false;
    let clean = !custom;
    const fields = this.schema.fields;
    const cols = this.fieldColumns;
    for (let i = 0; i < fields.length; i++) {
      const f = fields[i]!;
      const messages = f.check(cols[i]![row]);
      if (messages.length > 0) {
        if (hasError(messages)) return false;
        clean = false;
      }
      if (f.unique && this.unique.isDuplicate(f, row)) {
        if (f.unique.type === 'error') return false;
        clean = false;
      }
    }
    if (clean) store.clean[row] = 1;
    return true;
  }

  private refreshValid(row: number): void {
    const store = this.store;
    if (store.deleted[row]) return;
    const v = this.computeValid(row) ? 1 : 0;
    this.validCount += v - store.valid[row]!;
    store.valid[row] = v;
  }

  private deleteRow(row: number): void {
    const store = this.store;
    for (const f of this.schema.fields) if (f.unique) this.unindex(f, row);
    store.deleted[row] = 1;
    this.deletedCount++;
    this.liveCount--;
    this.validCount -= store.valid[row]!;
    store.valid[row] = 0;
    store.clean[row] = 0;
    store.custom.delete(row);
    store.metadata.delete(row);
    store.config.delete(row);
    this.json.fragments.invalidate(row);
    this.touch(row);
  }

  private indexUnique(row: number, refreshBelow: number): void {
    for (const f of this.schema.fields) if (f.unique) this.index(f, row, refreshBelow);
  }

  /**
   * Adds a row to its value group. A group that becomes a duplicate revalidates its older member when that row's
   * validity is already settled (row < refreshBelow); rows of the batch being written are validated afterwards anyway.
   */
  private index(rule: FieldRule, row: number, refreshBelow = Infinity): void {
    const older = this.unique.add(rule, row, this.store.columns.get(rule.key)![row]);
    if (older < 0) return;
    this.json.fragments.invalidate(older);
    if (older < refreshBelow) this.refreshValid(older);
  }

  /** Removes a row from its value group; a row left alone with the value is revalidated. */
  private unindex(rule: FieldRule, row: number): void {
    const alone = this.unique.remove(rule, row, this.store.columns.get(rule.key)![row]);
    if (alone < 0) return;
    this.json.fragments.invalidate(alone);
    this.refreshValid(alone);
  }

  private rowsBy(filter: 'all' | 'valid' | 'error' | 'none'): Int32Array {
    let rows = this.cache.get(filter);
    if (rows) return rows;
    const count = filter === 'none' ? 0 : filter === 'valid' ? this.validCount : filter === 'error' ? this.liveCount - this.validCount : this.liveCount;
    rows = liveRows(this.store, filter, count);
    this.cache.set(filter, rows);
    return rows;
  }
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  return typeof a === 'object' && typeof b === 'object' && JSON.stringify(a) === JSON.stringify(b);
}

function setSparse(map: Map<number, Json>, row: number, value: Json): boolean {
  const prev = map.get(row) ?? {};
  if (JSON.stringify(prev) === JSON.stringify(value ?? {})) return false;
  if (value && Object.keys(value).length > 0) map.set(row, value);
  else map.delete(row);
  return true;
}
