import { isUtf8 } from 'node:buffer';
import type { SheetRecord } from './rows.js';

/**
 * A records page (`{"data":{"records":[…]}}`) read straight from its bytes, without `JSON.parse` building every
 * record, cell and message as objects: that cost ~6.5 µs per record and most of the garbage collection behind it,
 * while egress only copies each value into its output. The scanner finds, per record, the byte range of its id and
 * of each wanted field's value; writers copy those bytes as they are when that is exactly what
 * `JSON.stringify(JSON.parse(token))` would give (see `TokenKind`), and decode the rest.
 *
 * A record the scanner cannot vouch for — not explicitly `"valid":true`, an id that is not a plain string, a cell that
 * is not an object, a key with escapes — is handed over as its own `JSON.parse`d object, so every unusual case keeps
 * exactly the behaviour of the object path. A page that is not valid UTF-8 is parsed whole, as before.
 */

/** How a value token can be written. */
export const enum TokenKind {
  /** No such field, or a cell without `value`: exported as null. */
  Absent = 0,
  /** A string without escapes or control characters: its bytes are its canonical JSON and, unquoted, its text. */
  PlainString = 1,
  /** `true`, `false` or `null`: canonical as written. */
  Literal = 2,
  /** Anything else (escaped strings, numbers, arrays, objects): decoded with `JSON.parse` and encoded again. */
  Other = 3,
}

/** One record of a page as the scanner leaves it: ranges into `src`, valid for the current record only. */
export interface ScannedRecord {
  src: Buffer;
  idStart: number;
  idEnd: number;
  /** Per wanted field, in column order: kind, then [start, end) of its value token. */
  kinds: Uint8Array;
  starts: Int32Array;
  ends: Int32Array;
}

/** Where the records of a page go: read by the scanner (valid records it can copy), or as objects (all others). */
export interface PageHandler {
  scanned(record: ScannedRecord): void;
  object(record: SheetRecord): void;
}

const Q = 0x22; // "
const BS = 0x5c; // \
const OPEN_OBJ = 0x7b;
const CLOSE_OBJ = 0x7d;
const OPEN_ARR = 0x5b;
const CLOSE_ARR = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;
const DATA = bytes('data');
const RECORDS = bytes('records');
const VALUES = bytes('values');
const VALID = bytes('valid');
const VALUE = bytes('value');
const CELL_OPEN = bytes('{"value":');
const CLEAN_CELL_END = bytes(',"valid":true,"messages":[]}');

class ScanError extends Error {}

/** A plain Uint8Array (not a Buffer), so every pattern read is the same kind of array access. */
function bytes(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, 'utf8'));
}

/** Scans pages for one set of fields; reuses its per-record arrays, so a record is only valid until the next. */
export class PageScanner {
  private readonly fieldBytes: Uint8Array[];
  private readonly rec: ScannedRecord;
  private src: Buffer = Buffer.alloc(0);
  private pos = 0;
  /** Set by `string()`: the last string had a backslash or a control character. */
  private irregular = false;
  private hint = 0;
  /** Records of the current page handed over so far. */
  private handed = 0;
  /** False when the fields' output rows could not be written by copying (see `copyableFields`). */
  private readonly copyable: boolean;
  /** Per field: its JSON key is its bytes (nothing to escape). */
  private readonly plainField: boolean[];

  constructor(fields: readonly string[]) {
    this.copyable = copyableFields(fields);
    this.fieldBytes = fields.map((f) => bytes(f));
    this.plainField = this.fieldBytes.map((b) => b.every((c) => c >= 0x20 && c !== Q && c !== BS));
    const n = fields.length;
    this.rec = { src: this.src, idStart: 0, idEnd: 0, kinds: new Uint8Array(n), starts: new Int32Array(n), ends: new Int32Array(n) };
  }

  /**
   * Hands every record of the page to `to`, in order, and returns how many. Throws the same error as the object path
   * when the body has no `data.records` array.
   */
  scan(body: Buffer, what: string, to: PageHandler): number {
    this.handed = 0;
    if (!isUtf8(body)) {
      const records = recordsOf(JSON.parse(body.toString('utf8')), what);
      for (const record of records) to.object(record);
      return records.length;
    }
    this.src = body;
    this.rec.src = body;
    this.pos = 0;
    try {
      if (!this.findRecords()) throw new ScanError();
      this.ws();
      if (this.src[this.pos] === CLOSE_ARR) {
        this.pos++;
      } else {
        for (;;) {
          this.record(to);
          this.ws();
          const c = this.src[this.pos++];
          if (c === COMMA) continue;
          if (c === CLOSE_ARR) break;
          throw new ScanError();
        }
      }
    } catch (e) {
      if (!(e instanceof ScanError)) throw e;
      // Not JSON the scanner can read. Before any record was handed over (no `data.records` array), JSON.parse reads
      // it or says what is wrong; past that point it is malformed JSON, and JSON.parse throws its own error.
      const records = recordsOf(JSON.parse(body.toString('utf8')), what);
      if (this.handed > 0) throw new Error(`${what}: the response could not be read past record ${this.handed}`);
      for (const record of records) to.object(record);
      return records.length;
    }
    return this.handed;
  }

  /** Moves to the first element of `data.records`; false when the body has no such array. */
  private findRecords(): boolean {
    this.ws();
    if (this.src[this.pos++] !== OPEN_OBJ) return false;
    return this.findKey(DATA, () => {
      if (this.src[this.pos] !== OPEN_OBJ) return false;
      this.pos++;
      return this.findKey(RECORDS, () => {
        if (this.src[this.pos] !== OPEN_ARR) return false;
        this.pos++;
        return true;
      });
    });
  }

  /** In an object whose `{` was consumed: finds `key` and calls `found` at its value; other values are skipped. */
  private findKey(key: Uint8Array, found: () => boolean): boolean {
    this.ws();
    if (this.src[this.pos] === CLOSE_OBJ) return false;
    for (;;) {
      const k = this.keyIs(key);
      this.colon();
      // The first `data` / `records` key is read; JSON.parse would read the last of repeated ones, which no API sends.
      if (k) return found();
      this.skip();
      this.ws();
      const c = this.src[this.pos++];
      if (c === CLOSE_OBJ) return false;
      if (c !== COMMA) throw new ScanError();
      this.ws();
    }
  }

  private record(to: PageHandler): void {
    const src = this.src;
    const rec = this.rec;
    this.ws();
    const start = this.pos;
    if (src[this.pos++] !== OPEN_OBJ) throw new ScanError();
    rec.kinds.fill(TokenKind.Absent);
    let fast = true;
    let valid = false;
    let haveId = false;
    this.ws();
    if (src[this.pos] === CLOSE_OBJ) this.pos++;
    else
      for (;;) {
        const keyStart = this.pos + 1;
        this.string();
        const keyEnd = this.pos - 1;
        if (this.irregular) fast = false;
        this.colon();
        const len = keyEnd - keyStart;
        if (len === 2 && src[keyStart] === 0x69 && src[keyStart + 1] === 0x64) {
          // "id"
          if (src[this.pos] !== Q) {
            fast = false;
            this.skip();
          } else {
            rec.idStart = this.pos;
            this.string();
            rec.idEnd = this.pos;
            if (this.irregular) fast = false;
            haveId = true;
          }
        } else if (this.bytesAre(keyStart, keyEnd, VALUES)) {
          if (src[this.pos] !== OPEN_OBJ) {
            fast = false;
            this.skip();
          } else {
            rec.kinds.fill(TokenKind.Absent);
            if (!this.values()) fast = false;
          }
        } else if (this.bytesAre(keyStart, keyEnd, VALID)) {
          valid = this.literal() === 1;
        } else {
          this.skip();
        }
        this.ws();
        const c = src[this.pos++];
        if (c === CLOSE_OBJ) break;
        if (c !== COMMA) throw new ScanError();
        this.ws();
      }
    this.handed++;
    if (this.copyable && fast && valid && haveId) to.scanned(rec);
    else to.object(JSON.parse(src.toString('utf8', start, this.pos)) as SheetRecord);
  }

  /** The `values` object; false when a cell or key is beyond what the fast path copies. */
  private values(): boolean {
    const src = this.src;
    const rec = this.rec;
    let ok = true;
    this.pos++;
    this.ws();
    if (src[this.pos] === CLOSE_OBJ) {
      this.pos++;
      return true;
    }
    for (;;) {
      const field = this.fieldKey();
      if (field === -2) ok = false;
      this.colon();
      if (field < 0) this.skip();
      else if (src[this.pos] !== OPEN_OBJ) {
        ok = false;
        this.skip();
      } else if (!this.cell(field)) ok = false;
      this.ws();
      const c = src[this.pos++];
      if (c === CLOSE_OBJ) return ok;
      if (c !== COMMA) throw new ScanError();
      this.ws();
    }
  }

  /** One cell object of a wanted field: records where its `value` is. */
  private cell(field: number): boolean {
    const src = this.src;
    this.rec.kinds[field] = TokenKind.Absent;
    // A cell as Flatfile writes it, `{"value":…,"valid":true,"messages":[]}`, is matched without reading its keys.
    if (this.bytesAre(this.pos, this.pos + CELL_OPEN.length, CELL_OPEN)) {
      this.pos += CELL_OPEN.length;
      this.ws();
      this.value(field);
      if (this.bytesAre(this.pos, this.pos + CLEAN_CELL_END.length, CLEAN_CELL_END)) {
        this.pos += CLEAN_CELL_END.length;
        return true;
      }
      return this.cellMembers(field);
    }
    this.pos++;
    this.ws();
    if (src[this.pos] === CLOSE_OBJ) {
      this.pos++;
      return true;
    }
    return this.cellKeys(field, true);
  }

  /** The rest of a cell after a member: more members, or its end. */
  private cellMembers(field: number): boolean {
    this.ws();
    const c = this.src[this.pos++];
    if (c === CLOSE_OBJ) return true;
    if (c !== COMMA) throw new ScanError();
    this.ws();
    return this.cellKeys(field, true);
  }

  /** A cell's members from a key on. */
  private cellKeys(field: number, ok: boolean): boolean {
    const src = this.src;
    for (;;) {
      const keyStart = this.pos + 1;
      this.string();
      if (this.irregular) ok = false;
      const keyEnd = this.pos - 1;
      this.colon();
      if (this.bytesAre(keyStart, keyEnd, VALUE)) this.value(field);
      else this.skip();
      this.ws();
      const c = src[this.pos++];
      if (c === CLOSE_OBJ) return ok;
      if (c !== COMMA) throw new ScanError();
      this.ws();
    }
  }

  /** A cell's `value` token at `pos`. */
  private value(field: number): void {
    const start = this.pos;
    const c = this.src[start];
    let kind: TokenKind;
    if (c === Q) {
      this.string();
      kind = this.irregular ? TokenKind.Other : TokenKind.PlainString;
    } else if (c === 0x74 || c === 0x66 || c === 0x6e) {
      if (this.literal() < 0) throw new ScanError();
      kind = TokenKind.Literal;
    } else {
      this.skip();
      kind = TokenKind.Other;
    }
    this.rec.kinds[field] = kind;
    this.rec.starts[field] = start;
    this.rec.ends[field] = this.pos;
  }

  /**
   * The key at `pos`: the index of the field it names, -1 for another key, -2 for a key with escapes. The field that
   * came after the last one is tried first, as the key's bytes.
   */
  private fieldKey(): number {
    const src = this.src;
    const p = this.pos;
    const i = this.hint < this.fieldBytes.length ? this.hint : 0;
    const f = this.fieldBytes[i];
    if (f && this.plainField[i] && src[p] === Q && src[p + 1 + f.length] === Q && this.bytesAre(p + 1, p + 1 + f.length, f)) {
      this.pos = p + f.length + 2;
      this.hint = i + 1;
      return i;
    }
    this.string();
    if (this.irregular) return -2;
    return this.fieldOf(p + 1, this.pos - 1);
  }

  /** The index of the field named by the key bytes [start, end), or -1; fields usually come in column order. */
  private fieldOf(start: number, end: number): number {
    const n = this.fieldBytes.length;
    for (let k = 0; k < n; k++) {
      const i = (this.hint + k) % n;
      const f = this.fieldBytes[i]!;
      if (f.length !== end - start) continue;
      let j = 0;
      while (j < f.length && f[j] === this.src[start + j]) j++;
      if (j === f.length) {
        this.hint = i + 1;
        return i;
      }
    }
    return -1;
  }

  private keyIs(key: Uint8Array): boolean {
    const start = this.pos + 1;
    this.string();
    return !this.irregular && this.bytesAre(start, this.pos - 1, key);
  }

  /** Whether `src[start, end)` holds exactly `bytes`. */
  private bytesAre(start: number, end: number, bytes: Uint8Array): boolean {
    const n = bytes.length;
    if (end - start !== n) return false;
    const src = this.src;
    // Past the end of the body: no match (and no out-of-bounds reads, which slow every later read down).
    if (end > src.length) return false;
    for (let j = 0; j < n; j++) if (src[start + j] !== bytes[j]) return false;
    return true;
  }

  private ws(): void {
    const src = this.src;
    let c = src[this.pos];
    while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = src[++this.pos];
  }

  private colon(): void {
    this.ws();
    if (this.src[this.pos++] !== COLON) throw new ScanError();
    this.ws();
  }

  /** A string token at `pos` (its opening quote); leaves `pos` after the closing quote. */
  private string(): void {
    const src = this.src;
    if (src[this.pos] !== Q) throw new ScanError();
    let i = this.pos + 1;
    let irregular = false;
    for (;;) {
      const c = src[i];
      if (c === undefined) throw new ScanError();
      if (c === Q) break;
      if (c === BS) {
        irregular = true;
        i += 2;
        continue;
      }
      if (c < 0x20) irregular = true;
      i++;
    }
    this.irregular = irregular;
    this.pos = i + 1;
  }

  /** `true` (1), `false` (0) or `null` (2) at `pos`; anything else is skipped and gives -1. */
  private literal(): number {
    const src = this.src;
    const p = this.pos;
    if (src[p] === 0x74 && src[p + 1] === 0x72 && src[p + 2] === 0x75 && src[p + 3] === 0x65) {
      this.pos += 4;
      return 1;
    }
    if (src[p] === 0x66 && src[p + 1] === 0x61 && src[p + 2] === 0x6c && src[p + 3] === 0x73 && src[p + 4] === 0x65) {
      this.pos += 5;
      return 0;
    }
    if (src[p] === 0x6e && src[p + 1] === 0x75 && src[p + 2] === 0x6c && src[p + 3] === 0x6c) {
      this.pos += 4;
      return 2;
    }
    this.skip();
    return -1;
  }

  /** Any JSON value at `pos`. */
  private skip(): void {
    const src = this.src;
    const c = src[this.pos];
    if (c === Q) return this.string();
    if (c === OPEN_OBJ || c === OPEN_ARR) {
      let depth = 0;
      for (;;) {
        const d = src[this.pos];
        if (d === undefined) throw new ScanError();
        if (d === Q) {
          this.string();
          continue;
        }
        this.pos++;
        if (d === OPEN_OBJ || d === OPEN_ARR) depth++;
        else if (d === CLOSE_OBJ || d === CLOSE_ARR) {
          if (--depth === 0) return;
        }
      }
    }
    // A number or literal: up to the next delimiter.
    const start = this.pos;
    let d = src[this.pos];
    while (d !== undefined && d !== COMMA && d !== CLOSE_OBJ && d !== CLOSE_ARR && d !== 0x20 && d !== 0x0a && d !== 0x0d && d !== 0x09) d = src[++this.pos];
    if (this.pos === start) throw new ScanError();
  }
}

/**
 * Whether rows of these fields come out of `{ _id, ...rowOf() }` + `JSON.stringify` with their keys in column order,
 * each once — what the copying writers assume. Not for `_id` or a repeated field (one key), `__proto__` (not an own
 * key) or an array index (JavaScript puts those first).
 */
function copyableFields(fields: readonly string[]): boolean {
  return new Set(fields).size === fields.length && fields.every((f) => f !== '_id' && f !== '__proto__' && !/^(0|[1-9]\d*)$/.test(f));
}

function recordsOf(body: unknown, what: string): SheetRecord[] {
  const records = (body as { data?: { records?: SheetRecord[] } }).data?.records;
  if (!Array.isArray(records)) throw new Error(`${what}: response without data.records`);
  return records;
}
