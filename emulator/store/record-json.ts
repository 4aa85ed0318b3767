import { hasError, type FieldRule, type Schema } from '../validation.js';
import type { Message } from '../types.js';
import { FragmentArena, type Leased } from './fragments.js';
import { JsonWriter } from './json-writer.js';
import type { RowStore } from './row-store.js';

/** What a record's cells say beyond their values: the platform's checks plus custom messages (records.ts). */
export interface CellMessages {
  messagesOf(row: number, key: string, rule: FieldRule | undefined, value: unknown, custom: Record<string, Message[]> | undefined): Message[];
}

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
const CLEAN_CELL_END_TEXT = ',"valid":true,"messages":[]}';
const CLEAN_CELL_END = Buffer.from(CLEAN_CELL_END_TEXT);
const EMPTY_META = Buffer.from('{}');
/** The end of a record without metadata or config. */
const VALID_TAIL = Buffer.from('},"valid":true,"metadata":{},"config":{}}');
const INVALID_TAIL = Buffer.from('},"valid":false,"metadata":{},"config":{}}');
const NO_MESSAGES: Message[] = [];
/** One writer for every table: serialising is synchronous, and its buffer is copied out before anyone else writes. */
const writer = new JsonWriter();
/**
 * v2 pages are written here and handed out whole: the writer's buffer goes with the page and the writer takes a spare
 * one, returned when the page's response has left (Leased.release). A fresh buffer per page (a copy of the writer's)
 * cost ~6 ms of CPU per MiB in first-touch page faults on this machine: at 200k rows 0.6–1.2 µs per row of egress reads.
 */
const jsonlWriter = new JsonWriter();
const jsonlSpares: Buffer[] = [];
const JSONL_SPARES = 2;
const NOTHING_HELD = (): void => {};

/**
 * A sheet's records as the API returns them, written as bytes: v1 record objects (whole records cached per row in a
 * FragmentArena until the row changes) and v2 JSON Lines.
 */
export class RecordJson {
  /** Serialised records for reads; a row's fragment is dropped whenever anything in its output may change. */
  readonly fragments = new FragmentArena();

  constructor(
    private readonly store: RowStore,
    private readonly schema: () => Schema,
    private readonly messages: CellMessages,
  ) {}

  /**
   * The records of `rows[from..to)` as Flatfile returns them, comma-joined JSON objects as byte ranges (no brackets).
   * Whole records come from the fragment cache, built on first use; a `fields` projection is serialised afresh.
   */
  page(rows: ArrayLike<number>, from: number, to: number, fields?: string[], withMessages = true): Leased {
    const w = writer;
    w.reset();
    const columns = this.store.columns;
    if ((fields && fields.length > 0) || !withMessages) {
      const cells = this.cells(fields && fields.length > 0 ? fields.filter((k) => columns.has(k)) : [...columns.keys()]);
      for (let i = from; i < to; i++) {
        if (i > from) w.byte(0x2c);
        this.writeRecord(rows[i]!, cells, w, withMessages);
      }
      return { parts: [Buffer.from(w.buf.subarray(0, w.length))], release: NOTHING_HELD };
    }
    this.fragments.trim();
    const missing: number[] = [];
    for (let i = from; i < to; i++) if (!this.fragments.has(rows[i]!)) missing.push(rows[i]!);
    if (missing.length > 0) {
      const cells = this.cells([...columns.keys()]);
      const spans = new Int32Array(missing.length * 2);
      for (let i = 0; i < missing.length; i++) {
        spans[2 * i] = w.length;
        this.writeRecord(missing[i]!, cells, w);
        spans[2 * i + 1] = w.length - spans[2 * i]!;
        w.byte(0x2c);
      }
      this.fragments.setMany(missing, w.buf.subarray(0, w.length), spans);
    }
    return this.fragments.lease(rows, from, to);
  }

  /**
   * The records of `rows[from..to)` as the v2 records endpoint returns them: JSON Lines of flat records,
   * `{"__k":"<id>","__s":"<sheetId>","__n":"<sheet slug>","<field>":<value>,…}` (`__s` only with a `sheetId`). Empty cells are left out
   * unless `emptyCells`.
   */
  jsonlPage(rows: ArrayLike<number>, from: number, to: number, sheetId: string | undefined, fields: string[], emptyCells: boolean, sheetName: string): Leased {
    const w = jsonlWriter;
    w.reset();
    const { columns, prefix } = this.store;
    const keys = fields.length > 0 ? fields.filter((k) => columns.has(k)) : [...columns.keys()];
    const cols = keys.map((k) => ({ head: Buffer.from(`,${JSON.stringify(k)}:`), col: columns.get(k)! }));
    // `__n` on every line, as in the SDK's fixture (`tests/fixtures/v2.records.get.jsonl`); whether `noContext` drops
    // it is undocumented, so it stays: readers must skip it either way.
    const sheet = Buffer.from(`${sheetId === undefined ? '"' : `","__s":${JSON.stringify(sheetId)}`},"__n":${JSON.stringify(sheetName)}`);
    for (let i = from; i < to; i++) {
      const row = rows[i]!;
      w.bytes(JSONL_ID_OPEN);
      w.ascii(prefix);
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
    // The page keeps the writer's buffer; the writer goes on with a spare one, or a new one as large.
    const held = w.buf;
    const page = held.subarray(0, w.length);
    w.buf = jsonlSpares.pop() ?? Buffer.allocUnsafeSlow(held.length);
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      if (jsonlSpares.length < JSONL_SPARES) jsonlSpares.push(held);
    };
    return { parts: [page], release };
  }

  private cells(keys: string[]): Cell[] {
    const byKey = this.schema().byKey;
    return keys.map((k) => ({
      head: Buffer.from(`${JSON.stringify(k)}:{"value":`),
      key: k,
      col: this.store.columns.get(k)!,
      rule: byKey.get(k),
    }));
  }

  /**
   * One record as Flatfile returns it, written as bytes: no per-record strings or objects. Without `withMessages`
   * (`includeMessages` defaults to false) each cell keeps its `valid` flag and an empty `messages` list.
   */
  private writeRecord(row: number, cells: Cell[], w: JsonWriter, withMessages = true): void {
    const store = this.store;
    const clean = store.clean[row] === 1;
    // A clean row has no message at all, custom ones included.
    const custom = clean ? undefined : store.custom.get(row);
    w.bytes(ID_OPEN);
    w.ascii(store.prefix);
    w.ascii(row.toString(36));
    w.bytes(VALUES_OPEN);
    let first = true;
    for (const c of cells) {
      const value = c.col[row];
      const messages = clean ? NO_MESSAGES : this.messages.messagesOf(row, c.key, c.rule, value, custom);
      if (value === undefined && messages.length === 0) continue;
      if (!first) w.byte(0x2c);
      first = false;
      w.bytes(c.head);
      if (value === undefined) w.bytes(NULL);
      else w.value(value);
      if (messages.length === 0) w.bytes(CLEAN_CELL_END);
      else if (!withMessages) w.ascii(hasError(messages) ? ',"valid":false,"messages":[]}' : CLEAN_CELL_END_TEXT);
      else w.utf8(`,"valid":${!hasError(messages)},"messages":${JSON.stringify(messages)}}`);
    }
    const meta = store.metadata.get(row);
    const config = store.config.get(row);
    if (!meta && !config) {
      w.bytes(store.valid[row] === 1 ? VALID_TAIL : INVALID_TAIL);
      return;
    }
    w.ascii(store.valid[row] === 1 ? '},"valid":true,"metadata":' : '},"valid":false,"metadata":');
    if (meta) w.utf8(JSON.stringify(meta));
    else w.bytes(EMPTY_META);
    w.ascii(',"config":');
    if (config) w.utf8(JSON.stringify(config));
    else w.bytes(EMPTY_META);
    w.byte(0x7d);
  }
}
