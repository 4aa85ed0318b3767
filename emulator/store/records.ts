import { badRequest } from '../errors.js';
import { hasError, uniqueKey, type FieldRule, type Schema } from '../validation.js';
import type { Json, Message } from '../types.js';
import { FragmentArena } from './fragments.js';
import { InsertParser, type ColumnBatch } from './insert-parser.js';
import { JsonWriter } from './json-writer.js';

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

export interface Selection {
  commitRows?: Int32Array;
  sinceSeq?: number;
  filter?: 'valid' | 'error' | 'all' | 'none';
  filterField?: string;
  ids?: string[];
  searchValue?: string;
  searchField?: string;
  sortField?: string;
  sortDirection?: 'asc' | 'desc';
}

/**
 * A batch of rows in a sheet's persistence log: each live row's full state (values in `keys` order, null for none)
 * or `[row, -1]` for a deleted one. Replaying the lines in order rebuilds the table; rows never mentioned are deleted.
 */
export interface LogLine {
  size: number;
  keys: string[];
  rows: ([row: number, seq: number, values: unknown[], custom: Record<string, Message[]> | 0, metadata: Json | 0, config: Json | 0] | [row: number, deleted: -1])[];
}

/** Rows per log line, so a line stays a few megabytes however big the sheet. */
const LOG_LINE_ROWS = 10_000;

type Group = number | number[];

interface Cell {
  /** `"key":{"value":` */
  head: Buffer;
  key: string;
  col: unknown[];
  rule: FieldRule | undefined;
}

const ID_OPEN = Buffer.from('{"id":"');
const VALUES_OPEN = Buffer.from('","values":{');
const NULL = Buffer.from('null');
const JSONL_ID_OPEN = Buffer.from('{"__k":"');
const CLEAN_CELL_END = Buffer.from(',"valid":true,"messages":[]}');
const EMPTY_META = Buffer.from('{}');
/** The end of a record without metadata or config. */
const VALID_TAIL = Buffer.from('},"valid":true,"metadata":{},"config":{}}');
const INVALID_TAIL = Buffer.from('},"valid":false,"metadata":{},"config":{}}');
const NO_MESSAGES: Message[] = [];
/** One writer for every table: serialising is synchronous, and its buffer is copied out before anyone else writes. */
const writer = new JsonWriter();

/**
 * The records of one sheet, stored column-wise: one value array per field plus typed arrays for row flags,
 * with messages, metadata and config kept sparsely. A million 12-field records stay well under a gigabyte,
 * and a record id carries its sheet tag and row number, so lookups need no id map.
 */
export class RecordTable {
  private readonly prefix: string;
  private columns = new Map<string, unknown[]>();
  /** The columns of `schema.fields`, in that order (a column array, once made, is never replaced). */
  private fieldColumns: unknown[][];
  private size = 0;
  private deleted = new Uint8Array(1024);
  private valid = new Uint8Array(1024);
  /** 1 for rows without any message, set with `valid`: their cells serialise without re-running the checks. */
  private clean = new Uint8Array(1024);
  /** Sequence number of the last commit that touched each row (for `sinceCommitId`). */
  private rowSeq = new Int32Array(1024);
  private custom = new Map<number, Record<string, Message[]>>();
  private metadata = new Map<number, Json>();
  private config = new Map<number, Json>();
  private unique = new Map<string, Map<string, Group>>();
  /** Per unique field, 1 for rows whose value is shared with another row: duplicate checks cost no lookup. */
  private dups = new Map<string, Uint8Array>();
  /** Serialised records for reads; a row's fragment is dropped whenever anything in its output may change. */
  private fragments = new FragmentArena();
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
    this.prefix = `us_rc_${sheetTag}`;
    for (const f of schema.fields) this.columns.set(f.key, []);
    this.fieldColumns = schema.fields.map((f) => this.columns.get(f.key)!);
  }

  get total(): number {
    return this.liveCount;
  }

  counts(): { total: number; valid: number; error: number } {
    return { total: this.liveCount, valid: this.validCount, error: this.liveCount - this.validCount };
  }

  idOf(row: number): string {
    return this.prefix + row.toString(36);
  }

  /** Row of a record id of this sheet; 400 for ids of another sheet or unknown/deleted records. */
  rowOf(id: string): number {
    const row = id.startsWith(this.prefix) ? parseInt(id.slice(this.prefix.length), 36) : NaN;
    if (!(row >= 0 && row < this.size) || this.deleted[row]) {
      throw badRequest(`Record ${id} does not exist in this sheet`, 'id');
    }
    return row;
  }

  column(key: string): unknown[] | undefined {
    return this.columns.get(key);
  }

  /** Replaces the field rules (sheet config changed) and revalidates every row. */
  setSchema(schema: Schema): void {
    this.schema = schema;
    this.insertParser = undefined;
    for (const f of schema.fields) if (!this.columns.has(f.key)) this.columns.set(f.key, new Array(this.size));
    this.fieldColumns = schema.fields.map((f) => this.columns.get(f.key)!);
    this.unique.clear();
    for (const d of this.dups.values()) d.fill(0);
    this.fragments.clear();
    this.validCount = 0;
    for (let row = 0; row < this.size; row++) if (!this.deleted[row]) this.indexUnique(row, 0);
    for (let row = 0; row < this.size; row++) {
      if (this.deleted[row]) continue;
      this.valid[row] = this.computeValid(row) ? 1 : 0;
      this.validCount += this.valid[row]!;
    }
    this.cache.clear();
  }

  /** Appends records and returns their rows. */
  insert(records: Record<string, CellIn | undefined>[], seq: number): Int32Array {
    const start = this.size;
    const count = records.length;
    this.grow(start + count);
    const fields = this.schema.fields;
    for (const f of fields) {
      const col = this.columns.get(f.key)!;
      col.length = start;
      for (let i = 0; i < count; i++) {
        const cell = records[i]![f.key];
        col.push(cell === undefined || cell === null ? undefined : f.coerce(cell.value ?? undefined));
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
    const start = this.size;
    const count = to - from;
    this.grow(start + count);
    const fields = this.schema.fields;
    for (let f = 0; f < fields.length; f++) {
      const rule = fields[f]!;
      const col = this.columns.get(rule.key)!;
      const values = raw[f]!;
      col.length = start;
      for (let i = from; i < to; i++) {
        const v = values[i];
        col.push(v === undefined ? undefined : rule.coerce(v));
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
    this.size = start + count;
    this.rowSeq.fill(seq, start, start + count);
    for (let row = start; row < this.size; row++) this.indexUnique(row, start);
    for (let row = start; row < this.size; row++) {
      const v = this.computeValid(row) ? 1 : 0;
      this.valid[row] = v;
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
    const changed: number[] = [];
    records.forEach((r, i) => {
      const row = rows[i]!;
      let dirty = false;
      for (const [key, cell] of Object.entries(r.values ?? {})) {
        if (!cell || typeof cell !== 'object') continue;
        if ('value' in cell && this.setValue(row, key, cell.value)) dirty = true;
        if (Array.isArray(cell.messages) && this.replaceCustom(row, key, cell.messages)) dirty = true;
      }
      if (r.metadata !== undefined && setSparse(this.metadata, row, r.metadata)) dirty = true;
      if (r.config !== undefined && setSparse(this.config, row, r.config)) dirty = true;
      if (dirty) {
        changed.push(row);
        this.rowSeq[row] = seq;
      }
    });
    for (const row of changed) {
      this.refreshValid(row);
      this.fragments.invalidate(row);
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
    const filter = q.filter === 'valid' || q.filter === 'error' || q.filter === 'none' ? q.filter : 'all';
    const ids = q.ids && q.ids.length > 0 ? new Set(q.ids.map((id) => this.rowOf(id))) : undefined;
    const narrowed = filter !== 'all' || !!q.filterField || q.searchValue !== undefined;
    let rows: Int32Array;
    if (q.commitRows || q.sinceSeq !== undefined || q.filterField || q.searchValue !== undefined || (ids && !narrowed)) {
      const match = this.matcher(q, filter);
      const base = q.commitRows ?? (ids && !narrowed ? Int32Array.from(ids) : this.rowsBy('all'));
      rows = base.filter((r) => !this.deleted[r] && match(r));
    } else {
      rows = this.rowsBy(filter);
    }
    // `ids` include when nothing else narrows the query, and exclude otherwise (Flatfile's documented rule).
    if (ids && narrowed) rows = rows.filter((r) => !ids.has(r));
    if (q.sortField) rows = this.sorted(rows, q.sortField, q.sortDirection === 'desc' ? -1 : 1);
    return rows;
  }

  /**
   * The records of `rows[from..to)` as Flatfile returns them, comma-joined JSON objects as byte ranges (no brackets).
   * Whole records come from the fragment cache, built on first use; a `fields` projection is serialised afresh.
   */
  page(rows: ArrayLike<number>, from: number, to: number, fields?: string[]): Buffer[] {
    const w = writer;
    w.reset();
    if (fields && fields.length > 0) {
      const cells = this.cells(fields.filter((k) => this.columns.has(k)));
      for (let i = from; i < to; i++) {
        if (i > from) w.byte(0x2c);
        this.writeRecord(rows[i]!, cells, w);
      }
      return [Buffer.from(w.buf.subarray(0, w.length))];
    }
    const missing: number[] = [];
    for (let i = from; i < to; i++) if (!this.fragments.has(rows[i]!)) missing.push(rows[i]!);
    if (missing.length > 0) {
      const cells = this.cells([...this.columns.keys()]);
      const spans = new Int32Array(missing.length * 2);
      for (let i = 0; i < missing.length; i++) {
        spans[2 * i] = w.length;
        this.writeRecord(missing[i]!, cells, w);
        spans[2 * i + 1] = w.length - spans[2 * i]!;
        w.byte(0x2c);
      }
      this.fragments.setMany(missing, w.buf.subarray(0, w.length), spans);
    }
    return this.fragments.ranges(rows, from, to);
  }

  /**
   * The records of `rows[from..to)` as the v2 records endpoint returns them: JSON Lines of flat records,
   * `{"__k":"<id>","__s":"<sheetId>","<field>":<value>,…}` (`__s` only with a `sheetId`). Empty cells are left out
   * unless `emptyCells`.
   */
  jsonlPage(rows: ArrayLike<number>, from: number, to: number, sheetId: string | undefined, fields: string[], emptyCells: boolean): Buffer {
    const w = writer;
    w.reset();
    const keys = fields.length > 0 ? fields.filter((k) => this.columns.has(k)) : [...this.columns.keys()];
    const cols = keys.map((k) => ({ head: Buffer.from(`,${JSON.stringify(k)}:`), col: this.columns.get(k)! }));
    const sheet = Buffer.from(sheetId === undefined ? '"' : `","__s":${JSON.stringify(sheetId)}`);
    for (let i = from; i < to; i++) {
      const row = rows[i]!;
      w.bytes(JSONL_ID_OPEN);
      w.ascii(this.prefix);
      w.ascii(row.toString(36));
      w.bytes(sheet);
      for (const c of cols) {
        const value = c.col[row];
        if (value === undefined && !emptyCells) continue;
        w.bytes(c.head);
        if (value === undefined) w.bytes(NULL);
        else w.value(value);
      }
      w.byte(0x7d);
      w.byte(0x0a);
    }
    return Buffer.from(w.buf.subarray(0, w.length));
  }

  private cells(keys: string[]): Cell[] {
    return keys.map((k) => ({
      head: Buffer.from(`${JSON.stringify(k)}:{"value":`),
      key: k,
      col: this.columns.get(k)!,
      rule: this.schema.byKey.get(k),
    }));
  }

  /** One record as Flatfile returns it, written as bytes: no per-record strings or objects. */
  private writeRecord(row: number, cells: Cell[], w: JsonWriter): void {
    const clean = this.clean[row] === 1;
    // A clean row has no message at all, custom ones included.
    const custom = clean ? undefined : this.custom.get(row);
    w.bytes(ID_OPEN);
    w.ascii(this.prefix);
    w.ascii(row.toString(36));
    w.bytes(VALUES_OPEN);
    let first = true;
    for (const c of cells) {
      const value = c.col[row];
      const messages = clean ? NO_MESSAGES : this.messagesOf(row, c.key, c.rule, value, custom);
      if (value === undefined && messages.length === 0) continue;
      if (!first) w.byte(0x2c);
      first = false;
      w.bytes(c.head);
      if (value === undefined) w.bytes(NULL);
      else w.value(value);
      if (messages.length === 0) w.bytes(CLEAN_CELL_END);
      else w.utf8(`,"valid":${!hasError(messages)},"messages":${JSON.stringify(messages)}}`);
    }
    const meta = this.metadata.get(row);
    const config = this.config.get(row);
    if (!meta && !config) {
      w.bytes(this.valid[row] === 1 ? VALID_TAIL : INVALID_TAIL);
      return;
    }
    w.ascii(this.valid[row] === 1 ? '},"valid":true,"metadata":' : '},"valid":false,"metadata":');
    if (meta) w.utf8(JSON.stringify(meta));
    else w.bytes(EMPTY_META);
    w.ascii(',"config":');
    if (config) w.utf8(JSON.stringify(config));
    else w.bytes(EMPTY_META);
    w.byte(0x7d);
  }

  /**
   * Log lines for the rows that changed since the last call (all live rows with `all`, to compact a log), or none.
   * Rows appended since then are new; earlier rows are tracked as they change.
   */
  drainChanges(all = false): Iterable<LogLine> {
    const rows: number[] = [];
    if (all) {
      for (let r = 0; r < this.size; r++) if (!this.deleted[r]) rows.push(r);
    } else {
      for (const r of this.dirty) rows.push(r);
      for (let r = this.loggedSize; r < this.size; r++) rows.push(r);
    }
    this.dirty.clear();
    this.loggedSize = this.size;
    return this.logLines(rows, all);
  }

  /** Lines are built one at a time as they are written, so compacting a big sheet never holds its whole log. */
  private *logLines(rows: number[], evenIfEmpty: boolean): Generator<LogLine> {
    const keys = [...this.columns.keys()];
    const cols = keys.map((k) => this.columns.get(k)!);
    for (let at = 0; at < rows.length || (evenIfEmpty && at === 0); at += LOG_LINE_ROWS) {
      const line: LogLine = { size: this.size, keys, rows: [] };
      for (let i = at; i < Math.min(rows.length, at + LOG_LINE_ROWS); i++) {
        const row = rows[i]!;
        if (this.deleted[row]) line.rows.push([row, -1]);
        else {
          const values = cols.map((c) => c[row] ?? null);
          line.rows.push([row, this.rowSeq[row]!, values, this.custom.get(row) ?? 0, this.metadata.get(row) ?? 0, this.config.get(row) ?? 0]);
        }
      }
      yield line;
    }
  }

  /** Applies one line of a persistence log; `finishReplay()` validates once every line is in. */
  replay(line: LogLine): void {
    if (line.size > this.size) {
      this.grow(line.size);
      this.deleted.fill(1, this.size, line.size);
      this.size = line.size;
    }
    const cols = line.keys.map((k) => this.columns.get(k) ?? (this.columns.set(k, []), this.columns.get(k)!));
    for (const entry of line.rows) {
      const row = entry[0];
      this.custom.delete(row);
      this.metadata.delete(row);
      this.config.delete(row);
      if (entry.length === 2) {
        this.deleted[row] = 1;
        for (const col of this.columns.values()) col[row] = undefined;
        continue;
      }
      const [, seq, values, custom, metadata, config] = entry;
      this.deleted[row] = 0;
      this.rowSeq[row] = seq;
      for (let i = 0; i < cols.length; i++) cols[i]![row] = values[i] ?? undefined;
      if (custom) this.custom.set(row, custom);
      if (metadata) this.metadata.set(row, metadata);
      if (config) this.config.set(row, config);
    }
  }

  finishReplay(): void {
    for (const col of this.columns.values()) col.length = this.size;
    this.deletedCount = 0;
    for (let r = 0; r < this.size; r++) this.deletedCount += this.deleted[r]!;
    this.liveCount = this.size - this.deletedCount;
    this.loggedSize = this.size;
    this.setSchema(this.schema);
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
    this.columns.set(key, col);
    this.fragments.clear();
    return col;
  }

  private grow(n: number): void {
    if (n <= this.deleted.length) return;
    let cap = this.deleted.length;
    while (cap < n) cap *= 2;
    const d = new Uint8Array(cap);
    d.set(this.deleted);
    this.deleted = d;
    const v = new Uint8Array(cap);
    v.set(this.valid);
    this.valid = v;
    const c = new Uint8Array(cap);
    c.set(this.clean);
    this.clean = c;
    const s = new Int32Array(cap);
    s.set(this.rowSeq);
    this.rowSeq = s;
    for (const [key, old] of this.dups) {
      const d = new Uint8Array(cap);
      d.set(old);
      this.dups.set(key, d);
    }
  }

  private setExtra(row: number, key: string, value: unknown): void {
    if (!this.schema.allowAdditionalFields) return;
    const col = this.columns.get(key) ?? this.addColumn(key);
    col[row] = value ?? undefined;
  }

  private setValue(row: number, key: string, raw: unknown): boolean {
    const rule = this.schema.byKey.get(key);
    if (!rule && !this.schema.allowAdditionalFields) return false;
    const col = this.columns.get(key) ?? this.addColumn(key);
    const value = raw === null || raw === undefined ? undefined : rule ? rule.coerce(raw) : raw;
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
    const entry = this.custom.get(row) ?? {};
    entry[key] = list;
    this.custom.set(row, entry);
  }

  private replaceCustom(row: number, key: string, messages: Message[]): boolean {
    const next = this.normalizeCustom(row, key, messages);
    const entry = this.custom.get(row);
    const prev = entry?.[key] ?? [];
    if (JSON.stringify(prev) === JSON.stringify(next)) return false;
    if (next.length > 0) this.custom.set(row, { ...entry, [key]: next });
    else if (entry) {
      delete entry[key];
      if (Object.keys(entry).length === 0) this.custom.delete(row);
    }
    return true;
  }

  private systemMessages(row: number, key: string): Message[] {
    const rule = this.schema.byKey.get(key);
    const value = this.columns.get(key)?.[row];
    return rule ? this.messagesOf(row, key, rule, value, undefined) : [];
  }

  private messagesOf(
    row: number,
    key: string,
    rule: FieldRule | undefined,
    value: unknown,
    custom: Record<string, Message[]> | undefined,
  ): Message[] {
    const own = custom?.[key];
    if (!rule) return own ?? [];
    const base = rule.check(value);
    const dup = rule.unique && this.isDuplicate(rule, row);
    if (!dup && !own) return base;
    const out = [...base];
    if (dup) out.push({ type: rule.unique!.type, source: 'unique-constraint', message: rule.unique!.message, field: key });
    if (own) out.push(...own);
    return out;
  }

  /** Whether the row has no error; also notes whether it has no message at all (see `clean`). */
  private computeValid(row: number): boolean {
    this.clean[row] = 0;
    const custom = this.custom.get(row);
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
      if (f.unique && this.isDuplicate(f, row)) {
        if (f.unique.type === 'error') return false;
        clean = false;
      }
    }
    if (clean) this.clean[row] = 1;
    return true;
  }

  private refreshValid(row: number): void {
    if (this.deleted[row]) return;
    const v = this.computeValid(row) ? 1 : 0;
    this.validCount += v - this.valid[row]!;
    this.valid[row] = v;
  }

  private deleteRow(row: number): void {
    for (const f of this.schema.fields) if (f.unique) this.unindex(f, row);
    this.deleted[row] = 1;
    this.deletedCount++;
    this.liveCount--;
    this.validCount -= this.valid[row]!;
    this.valid[row] = 0;
    this.clean[row] = 0;
    this.custom.delete(row);
    this.metadata.delete(row);
    this.config.delete(row);
    this.fragments.invalidate(row);
    this.touch(row);
  }

  private groups(rule: FieldRule): Map<string, Group> {
    let m = this.unique.get(rule.key);
    if (!m) this.unique.set(rule.key, (m = new Map()));
    return m;
  }

  private dupFlags(rule: FieldRule): Uint8Array {
    let d = this.dups.get(rule.key);
    if (!d) this.dups.set(rule.key, (d = new Uint8Array(this.deleted.length)));
    return d;
  }

  private indexUnique(row: number, refreshBelow: number): void {
    for (const f of this.schema.fields) if (f.unique) this.index(f, row, refreshBelow);
  }

  /**
   * Adds a row to its value group. A group that becomes a duplicate revalidates its older member when that row's
   * validity is already settled (row < refreshBelow); rows of the batch being written are validated afterwards anyway.
   */
  private index(rule: FieldRule, row: number, refreshBelow = Infinity): void {
    const k = uniqueKey(rule.unique!, this.columns.get(rule.key)![row]);
    if (k === undefined) return;
    const m = this.groups(rule);
    const d = this.dupFlags(rule);
    const g = m.get(k);
    if (g === undefined) m.set(k, row);
    else if (typeof g === 'number') {
      m.set(k, [g, row]);
      d[g] = 1;
      d[row] = 1;
      this.fragments.invalidate(g);
      if (g < refreshBelow) this.refreshValid(g);
    } else {
      g.push(row);
      d[row] = 1;
    }
  }

  private unindex(rule: FieldRule, row: number): void {
    const k = uniqueKey(rule.unique!, this.columns.get(rule.key)![row]);
    if (k === undefined) return;
    const m = this.groups(rule);
    const d = this.dupFlags(rule);
    d[row] = 0;
    const g = m.get(k);
    if (g === row) m.delete(k);
    else if (Array.isArray(g)) {
      const rest = g.filter((r) => r !== row);
      if (rest.length === 1) {
        m.set(k, rest[0]!);
        d[rest[0]!] = 0;
        this.fragments.invalidate(rest[0]!);
        this.refreshValid(rest[0]!);
      } else m.set(k, rest);
    }
  }

  private isDuplicate(rule: FieldRule, row: number): boolean {
    return this.dups.get(rule.key)?.[row] === 1;
  }

  private rowsBy(filter: 'all' | 'valid' | 'error' | 'none'): Int32Array {
    let rows = this.cache.get(filter);
    if (rows) return rows;
    rows = new Int32Array(filter === 'none' ? 0 : filter === 'valid' ? this.validCount : filter === 'error' ? this.liveCount - this.validCount : this.liveCount);
    let n = 0;
    if (filter !== 'none') {
      for (let r = 0; r < this.size; r++) {
        if (this.deleted[r]) continue;
        if (filter === 'all' || (filter === 'valid') === (this.valid[r] === 1)) rows[n++] = r;
      }
    }
    this.cache.set(filter, rows);
    return rows;
  }

  private matcher(q: Selection, filter: string): (row: number) => boolean {
    const tests: ((row: number) => boolean)[] = [];
    if (q.sinceSeq !== undefined) tests.push((r) => this.rowSeq[r]! > q.sinceSeq!);
    if (filter === 'none') tests.push(() => false);
    if (filter === 'valid') tests.push((r) => this.valid[r] === 1);
    if (filter === 'error') tests.push((r) => this.valid[r] === 0);
    if (q.filterField) {
      const key = q.filterField;
      const rule = this.schema.byKey.get(key);
      const col = this.columns.get(key) ?? [];
      tests.push((r) => hasError(this.messagesOf(r, key, rule, col[r], this.custom.get(r))));
    }
    if (q.searchValue !== undefined) {
      const raw = q.searchValue;
      const exact = raw.length >= 2 && raw.startsWith('"') && raw.endsWith('"');
      const needle = (exact ? raw.slice(1, -1) : raw).toLowerCase();
      const cols = q.searchField ? [this.columns.get(q.searchField) ?? []] : [...this.columns.values()];
      tests.push((r) =>
        cols.some((col) => {
          const v = col[r];
          const s = v === undefined ? '' : String(v).toLowerCase();
          return exact ? s === needle : s.includes(needle);
        }),
      );
    }
    return (r) => tests.every((t) => t(r));
  }

  private sorted(rows: Int32Array, key: string, dir: number): Int32Array {
    const col = this.columns.get(key) ?? [];
    const out = Int32Array.from(rows);
    out.sort((a, b) => {
      const x = col[a];
      const y = col[b];
      if (x === y) return a - b;
      if (x === undefined) return 1;
      if (y === undefined) return -1;
      return (x! < y! ? -1 : 1) * dir;
    });
    return out;
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
