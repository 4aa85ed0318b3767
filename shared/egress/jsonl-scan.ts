import { isUtf8 } from 'node:buffer';
import type { SheetRecord } from './rows.js';

/**
 * A page of valid records from Flatfile's v2 records endpoint (JSON Lines of flat records,
 * `{"__k":"<id>","<field>":<value>,…}`) read straight from its bytes. Egress only copies each value into its output,
 * so the scanner finds, per line, the byte range of the id and of each wanted field's value, and the writers copy
 * those bytes when that is exactly what `JSON.stringify(JSON.parse(token))` would give (see `TokenKind`), decoding
 * the rest. Building every record as an object with `JSON.parse` and encoding it again costs about twice as much.
 *
 * A line the scanner cannot vouch for — an id that is not a plain string, a key with escapes, fields whose rows
 * JavaScript would reorder — is handed over as its own `JSON.parse`d object, so unusual input keeps exactly the
 * behaviour of the object path. A page that is not valid UTF-8 is read line by line with `JSON.parse`.
 */

/** How a value token can be written. */
export const enum TokenKind {
  /** No such field in the line: exported as null. */
  Absent = 0,
  /** A string without escapes or control characters: its bytes are its canonical JSON and, unquoted, its text. */
  PlainString = 1,
  /** `true`, `false` or `null`: canonical as written. */
  Literal = 2,
  /** Anything else (escaped strings, other numbers, arrays, objects): decoded with `JSON.parse` and encoded again. */
  Other = 3,
  /**
   * A number written as JavaScript writes it back (`canonicalNumberEnd`): its bytes are `JSON.stringify` and
   * `String` of its value. The bench's amounts and ages: decoding and encoding two numbers a record cost more than
   * scanning the rest of it.
   */
  Number = 4,
}

/** One record of a page as the scanner leaves it: ranges into `src`, valid for the current record only. */
export interface ScannedRecord {
  src: Buffer;
  /** The id token, quotes included. */
  idStart: number;
  idEnd: number;
  /** Per wanted field, in column order: kind, then [start, end) of its value token. */
  kinds: Uint8Array;
  starts: Int32Array;
  ends: Int32Array;
  /**
   * When not -1: `src[runStart, runEnd)` is exactly `,"<field>":<value>` for every field in column order, each value
   * canonical — the JSON Lines output after the id, copied in one piece.
   */
  runStart: number;
  runEnd: number;
}

/** Where the records of a page go: read by the scanner (copied), or as objects (all others). */
export interface PageHandler {
  scanned(record: ScannedRecord): void;
  object(record: SheetRecord): void;
}

/** Keys the v2 format gives its own meaning (`__k` id, `__s` sheet, `__m` metadata, …): never field values. */
const RESERVED = new Set(['__k', '__nk', '__v', '__s', '__n', '__c', '__m', '__i', '__d', '__e', '__l', '__u', '__x']);

const Q = 0x22; // "
const BS = 0x5c; // \
const OPEN_OBJ = 0x7b;
const CLOSE_OBJ = 0x7d;
const OPEN_ARR = 0x5b;
const CLOSE_ARR = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;
const NL = 0x0a;

class ScanError extends Error {}

/** A plain Uint8Array (not a Buffer), so every pattern read is the same kind of array access. */
function bytes(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, 'utf8'));
}

/** Scans pages for one set of fields; reuses its per-record arrays, so a record is only valid until the next. */
export class JsonlScanner {
  private readonly fieldBytes: Uint8Array[];
  /** `,"<field>":` per field, for the common layout (see `fastLine`). */
  private readonly heads: Uint8Array[];
  private readonly rec: ScannedRecord;
  private src: Buffer = Buffer.alloc(0);
  private pos = 0;
  /** Set by `string()`: the last string had a backslash or a control character. */
  private irregular = false;
  private hint = 0;
  /** False when the fields' output rows could not be written by copying (see `copyableFields`). */
  private readonly copyable: boolean;

  constructor(fields: readonly string[]) {
    this.copyable = copyableFields(fields);
    this.fieldBytes = fields.map((f) => bytes(f));
    this.heads = fields.map((f) => bytes(`,${JSON.stringify(f)}:`));
    const n = fields.length;
    this.rec = { src: this.src, idStart: 0, idEnd: 0, kinds: new Uint8Array(n), starts: new Int32Array(n), ends: new Int32Array(n), runStart: -1, runEnd: -1 };
  }

  /** Hands every record of the page to `to`, in order, and returns how many. */
  scan(body: Buffer, what: string, to: PageHandler): number {
    const src = body;
    this.src = src;
    this.rec.src = src;
    const utf8 = this.copyable && isUtf8(src);
    let handed = 0;
    let pos = 0;
    for (;;) {
      while (pos < src.length && (src[pos] === NL || src[pos] === 0x20 || src[pos] === 0x0d || src[pos] === 0x09)) pos++;
      if (pos >= src.length) return handed;
      handed++;
      if (utf8) {
        this.pos = pos;
        if (this.fastLine()) {
          to.scanned(this.rec);
          pos = this.pos;
          continue;
        }
        try {
          this.line();
          this.ws();
          if (this.pos < src.length && src[this.pos] !== NL) throw new ScanError();
          to.scanned(this.rec);
          pos = this.pos;
          continue;
        } catch (e) {
          if (!(e instanceof ScanError)) throw e;
        }
      }
      const nl = src.indexOf(NL, pos);
      const end = nl < 0 ? src.length : nl;
      to.object(recordOfLine(src.toString('utf8', pos, end), `${what}, line ${handed}`));
      pos = end;
    }
  }

  /**
   * The layout Flatfile writes, `{"__k":"<id>","__s":"<sheet>","__n":"<slug>","<f0>":<v0>,…,"<fn>":<vn>}` (`__s` and
   * `__n` optional): every field in column order, each value a plain string, a literal or a canonical number, nothing
   * else in the line. Read by matching bytes, without the general reader's
   * bookkeeping; false, with `pos` unchanged, for any other line (which `line()` then reads).
   */
  private fastLine(): boolean {
    const src = this.src;
    const rec = this.rec;
    let p = this.pos;
    for (let j = 0; j < LINE_OPEN.length; j++) if (src[p + j] !== LINE_OPEN[j]) return false;
    p += LINE_OPEN.length;
    rec.idStart = p - 1;
    p = plainStringEnd(src, p);
    if (p < 0) return false;
    rec.idEnd = p;
    // The sheet's id and slug that Flatfile writes after the id (`__n` even with `noContext`): skipped, never fields.
    for (const context of CONTEXT) {
      let j = 0;
      while (j < context.length && src[p + j] === context[j]) j++;
      if (j < context.length) continue;
      p = plainStringEnd(src, p + context.length);
      if (p < 0) return false;
    }
    rec.runStart = p;
    const heads = this.heads;
    for (let i = 0; i < heads.length; i++) {
      const head = heads[i]!;
      for (let j = 0; j < head.length; j++) if (src[p + j] !== head[j]) return false;
      p += head.length;
      rec.starts[i] = p;
      const c = src[p];
      if (c === Q) {
        p = plainStringEnd(src, p + 1);
        if (p < 0) return false;
        rec.kinds[i] = TokenKind.PlainString;
      } else if (c === 0x74 && src[p + 1] === 0x72 && src[p + 2] === 0x75 && src[p + 3] === 0x65) {
        p += 4;
        rec.kinds[i] = TokenKind.Literal;
      } else if (c === 0x66 && src[p + 1] === 0x61 && src[p + 2] === 0x6c && src[p + 3] === 0x73 && src[p + 4] === 0x65) {
        p += 5;
        rec.kinds[i] = TokenKind.Literal;
      } else if (c === 0x6e && src[p + 1] === 0x75 && src[p + 2] === 0x6c && src[p + 3] === 0x6c) {
        p += 4;
        rec.kinds[i] = TokenKind.Literal;
      } else {
        p = canonicalNumberEnd(src, p);
        if (p < 0) return false;
        rec.kinds[i] = TokenKind.Number;
      }
      rec.ends[i] = p;
    }
    if (src[p] !== CLOSE_OBJ) return false;
    rec.runEnd = p;
    p++;
    if (p < src.length && src[p] !== NL) return false;
    this.pos = p;
    return true;
  }

  /** One flat record object at `pos`; throws ScanError for anything the copying writers should not see. */
  private line(): void {
    const src = this.src;
    const rec = this.rec;
    const n = this.fieldBytes.length;
    if (src[this.pos++] !== OPEN_OBJ) throw new ScanError();
    rec.kinds.fill(TokenKind.Absent);
    let haveId = false;
    // The run: how many fields so far came in column order, back to back, each as its canonical output.
    let run = 0;
    let runOk = true;
    rec.runStart = -1;
    this.ws();
    if (src[this.pos] === CLOSE_OBJ) throw new ScanError();
    for (;;) {
      const keyAt = this.pos;
      const field = this.fieldKey();
      this.colon();
      if (field >= 0) {
        this.value(field);
        if (runOk) {
          const kind = rec.kinds[field];
          const tight =
            field === run &&
            src[keyAt - 1] === COMMA &&
            (run === 0 || keyAt - 1 === rec.runEnd) &&
            rec.starts[field] === keyAt + this.fieldBytes[field]!.length + 3 &&
            (kind === TokenKind.PlainString || kind === TokenKind.Literal || kind === TokenKind.Number);
          if (tight) {
            if (run === 0) rec.runStart = keyAt - 1;
            rec.runEnd = this.pos;
            run++;
          } else runOk = false;
        }
      } else if (field === ID) {
        if (src[this.pos] !== Q) throw new ScanError();
        rec.idStart = this.pos;
        this.string();
        if (this.irregular) throw new ScanError();
        rec.idEnd = this.pos;
        haveId = true;
      } else {
        this.skip();
        // Another key inside the run breaks it; before or after it, it is simply not copied.
        if (run > 0 && run < n) runOk = false;
      }
      this.ws();
      const c = src[this.pos++];
      if (c === CLOSE_OBJ) break;
      if (c !== COMMA) throw new ScanError();
      this.ws();
    }
    if (!haveId) throw new ScanError();
    if (!runOk || run !== n) rec.runStart = -1;
  }

  /** A value token at `pos`. */
  private value(field: number): void {
    const start = this.pos;
    const c = this.src[start];
    let kind: TokenKind;
    if (c === Q) {
      this.string();
      kind = this.irregular ? TokenKind.Other : TokenKind.PlainString;
    } else if (c === 0x74 || c === 0x66 || c === 0x6e) {
      this.literal();
      kind = TokenKind.Literal;
    } else {
      const end = canonicalNumberEnd(this.src, start);
      if (end >= 0) {
        this.pos = end;
        kind = TokenKind.Number;
      } else {
        this.skip();
        kind = TokenKind.Other;
      }
    }
    this.rec.kinds[field] = kind;
    this.rec.starts[field] = start;
    this.rec.ends[field] = this.pos;
  }

  /**
   * The key at `pos`: the index of the field it names, `ID` for `__k`, or -1 for another key. The field after the
   * last one found is tried first, as bytes: lines usually list fields in column order.
   */
  private fieldKey(): number {
    const src = this.src;
    const p = this.pos;
    if (src[p] !== Q) throw new ScanError();
    const i = this.hint < this.fieldBytes.length ? this.hint : 0;
    const f = this.fieldBytes[i];
    if (f && src[p + 1 + f.length] === Q && this.bytesAre(p + 1, f)) {
      this.pos = p + f.length + 2;
      this.hint = i + 1;
      return i;
    }
    this.string();
    // A key with escapes could name a field in other bytes: the object path reads it.
    if (this.irregular) throw new ScanError();
    const start = p + 1;
    const end = this.pos - 1;
    if (end - start === 3 && src[start] === 0x5f && src[start + 1] === 0x5f && src[start + 2] === 0x6b) return ID;
    const n = this.fieldBytes.length;
    for (let k = 0; k < n; k++) {
      const j = (this.hint + k) % n;
      const fb = this.fieldBytes[j]!;
      if (fb.length === end - start && this.bytesAre(start, fb)) {
        this.hint = j + 1;
        return j;
      }
    }
    return -1;
  }

  /** Whether the bytes at `start` are exactly `b` (never reading past the body). */
  private bytesAre(start: number, b: Uint8Array): boolean {
    const src = this.src;
    if (start + b.length > src.length) return false;
    for (let j = 0; j < b.length; j++) if (src[start + j] !== b[j]) return false;
    return true;
  }

  /** Spaces and tabs; a newline ends the line, so it is not skipped here. */
  private ws(): void {
    const src = this.src;
    let c = src[this.pos];
    while (c === 0x20 || c === 0x0d || c === 0x09) c = src[++this.pos];
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
      if (c === undefined || c === NL) throw new ScanError();
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

  /** `true`, `false` or `null` at `pos`. */
  private literal(): void {
    const src = this.src;
    const p = this.pos;
    if (src[p] === 0x74 && src[p + 1] === 0x72 && src[p + 2] === 0x75 && src[p + 3] === 0x65) this.pos += 4;
    else if (src[p] === 0x66 && src[p + 1] === 0x61 && src[p + 2] === 0x6c && src[p + 3] === 0x73 && src[p + 4] === 0x65) this.pos += 5;
    else if (src[p] === 0x6e && src[p + 1] === 0x75 && src[p + 2] === 0x6c && src[p + 3] === 0x6c) this.pos += 4;
    else throw new ScanError();
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
        if (d === undefined || d === NL) throw new ScanError();
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
    while (d !== undefined && d !== COMMA && d !== CLOSE_OBJ && d !== CLOSE_ARR && d !== 0x20 && d !== NL && d !== 0x0d && d !== 0x09) d = src[++this.pos];
    if (this.pos === start) throw new ScanError();
  }
}

/**
 * Where the string whose text starts at `p` ends (after its closing quote), or -1 when it has an escape or a control
 * character or does not end: then it is not its own canonical JSON.
 */
function plainStringEnd(src: Buffer, p: number): number {
  const n = src.length;
  for (; p < n; p++) {
    const c = src[p]!;
    if (c === Q) return p + 1;
    if (c === BS || c < 0x20) return -1;
  }
  return -1;
}

/**
 * Where the number token at `p` ends, when JavaScript writes its value back as the same bytes; else -1. That holds for
 * `-?(0|[1-9]\d*)(\.\d*[1-9])?` with at most 15 digits (every decimal of 15 significant digits survives a double and
 * is the shortest that does; integers that short are exact), not `-0` (written `0`), and not below 10^-6 (written
 * with an exponent). The token must end at a delimiter: `1e5`, `1.50` or `01` are not canonical.
 */
export function canonicalNumberEnd(src: Uint8Array, p: number): number {
  let i = p;
  if (src[i] === 0x2d) i++;
  const intStart = i;
  let c = src[i];
  if (c === 0x30) i++;
  else if (c !== undefined && c >= 0x31 && c <= 0x39) {
    i++;
    while ((c = src[i]) !== undefined && c >= 0x30 && c <= 0x39) i++;
  } else return -1;
  const zero = src[intStart] === 0x30;
  let digits = zero ? 0 : i - intStart;
  if (src[i] === 0x2e) {
    const fracStart = ++i;
    let leadingZeros = 0;
    while ((c = src[i]) !== undefined && c >= 0x30 && c <= 0x39) {
      if (c === 0x30 && leadingZeros === i - fracStart) leadingZeros++;
      i++;
    }
    if (i === fracStart || src[i - 1] === 0x30) return -1;
    if (zero && leadingZeros > 5) return -1;
    digits += i - fracStart;
  } else if (zero && src[p] === 0x2d) return -1;
  if (digits > 15) return -1;
  c = src[i];
  if (c === 0x65 || c === 0x45 || c === 0x2e || (c !== undefined && c >= 0x30 && c <= 0x39)) return -1;
  return i;
}

const LINE_OPEN = bytes('{"__k":"');
/** `,"__s":"` and `,"__n":"`, in the order Flatfile writes them (SDK fixture `tests/fixtures/v2.records.get.jsonl`). */
const CONTEXT = [bytes(',"__s":"'), bytes(',"__n":"')];

/** `fieldKey()`'s answer for the record id key. */
const ID = -2;

/**
 * Whether rows of these fields come out of `{ _id, ...rowOf() }` + `JSON.stringify` with their keys in column order,
 * each once — what the copying writers assume. Not for `_id` or a repeated field (one key), `__proto__` (not an own
 * key), an array index (JavaScript puts those first) or a key the v2 format reserves; and only for keys JSON writes
 * as their own bytes (nothing to escape), which the scanner matches as bytes.
 */
function copyableFields(fields: readonly string[]): boolean {
  return (
    new Set(fields).size === fields.length &&
    fields.every(
      (f) => f !== '_id' && f !== '__proto__' && !RESERVED.has(f) && !/^(0|[1-9]\d*)$/.test(f) && JSON.stringify(f) === `"${f}"`,
    )
  );
}

/** One line as the record the object path reads; a line that is not a record with an id is an error. */
function recordOfLine(line: string, what: string): SheetRecord {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch (e) {
    throw new Error(`${what}: not a JSON record (${(e as Error).message})`, { cause: e });
  }
  const flat = parsed as Record<string, unknown>;
  if (!flat || typeof flat !== 'object' || Array.isArray(flat) || typeof flat.__k !== 'string') {
    throw new Error(`${what}: not a record with a string __k id`);
  }
  const values: SheetRecord['values'] = {};
  for (const [key, value] of Object.entries(flat)) if (!RESERVED.has(key)) values[key] = { value };
  // Only valid records are read in this format (filter=valid).
  return { id: flat.__k, valid: true, values };
}
