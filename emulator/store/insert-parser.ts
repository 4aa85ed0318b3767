/**
 * A fast path for the common shape of an insert body, read straight from the request bytes into columns:
 * `[{"<field>":{"value":<string|number|true|false|null>}, …}, …]` where every key is a field of the sheet and every
 * string is printable ASCII without escapes. JSON.parse would build one object per record and one per cell only for
 * the table to take them apart again; here a record costs its column slots and the strings it holds.
 *
 * Anything else (messages, extra fields, escapes, non-ASCII, other value types, malformed JSON) returns undefined,
 * and the caller parses the body with JSON.parse as before: the fast path never decides an outcome, it only skips
 * work when the outcome is already known.
 */

/** Raw (uncoerced) cell values per field, in the order of the keys given; undefined for a missing cell or null. */
export interface ColumnBatch {
  count: number;
  columns: unknown[][];
}

/** Strings of a column are shared per batch by content (low-cardinality columns repeat a handful of values). */
const CACHE_BITS = 10;
const CACHE_SIZE = 1 << CACHE_BITS;
/** Longer strings are rarely repeated, and comparing them costs more than it saves. */
const CACHE_MAX_LENGTH = 32;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
/** `"value"` */
const VALUE_KEY = [0x22, 0x76, 0x61, 0x6c, 0x75, 0x65, 0x22];

/** The first non-whitespace position from `i` (one comparison for the usual non-space byte; the end reads undefined). */
function skip(b: Buffer, i: number): number {
  for (;;) {
    const c = b[i]!;
    if (!(c <= 0x20 && (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09))) return i;
    i++;
  }
}

/** Field keys as bytes, for matching without building a string per cell. */
export class InsertParser {
  private readonly keys: Uint8Array[];

  constructor(keys: string[]) {
    this.keys = keys.map((k) => Buffer.from(k, 'latin1'));
    // A key that is not plain ASCII would need UTF-8 matching: leave such sheets to JSON.parse.
    if (keys.some((k) => !/^[\x20-\x7e]*$/.test(k) || k.includes('"') || k.includes('\\'))) this.keys = [];
  }

  parse(b: Buffer): ColumnBatch | undefined {
    const keys = this.keys;
    if (keys.length === 0) return undefined;
    const nf = keys.length;
    const columns: unknown[][] = [];
    const caches: (string | undefined)[][] = [];
    for (let f = 0; f < nf; f++) {
      columns.push([]);
      caches.push(new Array<string | undefined>(CACHE_SIZE));
    }
    const n = b.length;
    let i = 0;
    i = skip(b, i);
    if (b[i] !== OPEN_ARRAY) return undefined;
    i++;
    i = skip(b, i);
    let count = 0;
    let next = 0;
    if (b[i] === CLOSE_ARRAY) i++;
    else {
      for (;;) {
        // A record: { "key": { "value": scalar }, … }
        if (b[i] !== OPEN_OBJECT) return undefined;
        i++;
        for (let f = 0; f < nf; f++) columns[f]!.push(undefined);
        next = 0;
        i = skip(b, i);
        if (b[i] === CLOSE_OBJECT) i++;
        else {
          for (;;) {
            if (b[i] !== QUOTE) return undefined;
            const ks = ++i;
            while (i < n && b[i] !== QUOTE && b[i] !== BACKSLASH) i++;
            if (b[i] !== QUOTE) return undefined;
            // Records usually list their keys in the same order: try the key that followed the last one first.
            const f = next < nf && this.is(next, b, ks, i) ? next : this.field(b, ks, i);
            if (f < 0) return undefined;
            i++;
            i = skip(b, i);
            if (b[i] !== COLON) return undefined;
            i++;
            i = skip(b, i);
            if (b[i] !== OPEN_OBJECT) return undefined;
            i++;
            i = skip(b, i);
            for (let j = 0; j < VALUE_KEY.length; j++) if (b[i + j] !== VALUE_KEY[j]) return undefined;
            i += VALUE_KEY.length;
            i = skip(b, i);
            if (b[i] !== COLON) return undefined;
            i++;
            i = skip(b, i);
            // The scalar.
            const c = b[i];
            let value: unknown;
            if (c === QUOTE) {
              const vs = ++i;
              let h = 0;
              for (;;) {
                const d = b[i];
                if (d === QUOTE) break;
                // Control characters, escapes, non-ASCII and the end of input all go to JSON.parse.
                if (d === undefined || d < 0x20 || d === BACKSLASH || d > 0x7e) return undefined;
                h = (Math.imul(h, 31) + d) | 0;
                i++;
              }
              value = this.string(b, vs, i, h, caches[f]!);
              i++;
            } else if (c === 0x74 && b[i + 1] === 0x72 && b[i + 2] === 0x75 && b[i + 3] === 0x65) {
              value = true;
              i += 4;
            } else if (c === 0x66 && b[i + 1] === 0x61 && b[i + 2] === 0x6c && b[i + 3] === 0x73 && b[i + 4] === 0x65) {
              value = false;
              i += 5;
            } else if (c === 0x6e && b[i + 1] === 0x75 && b[i + 2] === 0x6c && b[i + 3] === 0x6c) {
              value = undefined;
              i += 4;
            } else {
              const end = numberEnd(b, i);
              if (end < 0) return undefined;
              value = Number(b.toString('latin1', i, end));
              i = end;
            }
            columns[f]![count] = value;
            next = f + 1;
            i = skip(b, i);
            if (b[i] !== CLOSE_OBJECT) return undefined;
            i++;
            i = skip(b, i);
            if (b[i] === COMMA) {
              i++;
              i = skip(b, i);
              continue;
            }
            if (b[i] !== CLOSE_OBJECT) return undefined;
            i++;
            break;
          }
        }
        count++;
        i = skip(b, i);
        if (b[i] === COMMA) {
          i++;
          i = skip(b, i);
          continue;
        }
        if (b[i] !== CLOSE_ARRAY) return undefined;
        i++;
        break;
      }
    }
    i = skip(b, i);
    if (i !== n) return undefined;
    return { count, columns };
  }

  /** Index of the field whose key is `b[from..to)`, or -1. */
  private field(b: Buffer, from: number, to: number): number {
    for (let f = 0; f < this.keys.length; f++) if (this.is(f, b, from, to)) return f;
    return -1;
  }

  /** Whether field `f`'s key is `b[from..to)`. */
  private is(f: number, b: Buffer, from: number, to: number): boolean {
    const k = this.keys[f]!;
    const len = to - from;
    if (k.length !== len) return false;
    for (let j = 0; j < len; j++) if (k[j] !== b[from + j]) return false;
    return true;
  }

  /** The string of printable ASCII `b[from..to)`, shared with an equal one seen earlier in the column. */
  private string(b: Buffer, from: number, to: number, hash: number, cache: (string | undefined)[]): string {
    const len = to - from;
    if (len > CACHE_MAX_LENGTH) return b.toString('latin1', from, to);
    const slot = (hash ^ (hash >>> CACHE_BITS)) & (CACHE_SIZE - 1);
    const hit = cache[slot];
    if (hit !== undefined && hit.length === len) {
      let j = 0;
      while (j < len && hit.charCodeAt(j) === b[from + j]) j++;
      if (j === len) return hit;
    }
    const s = b.toString('latin1', from, to);
    cache[slot] = s;
    return s;
  }
}

/** End of a JSON number starting at `i`, or -1 when there is none (JSON's grammar: no leading zeros, no `+`, no `.5`). */
function numberEnd(b: Buffer, i: number): number {
  if (b[i] === 0x2d) i++;
  if (b[i] === 0x30) i++;
  else if (isDigit(b[i])) while (isDigit(b[i])) i++;
  else return -1;
  if (b[i] === 0x2e) {
    i++;
    if (!isDigit(b[i])) return -1;
    while (isDigit(b[i])) i++;
  }
  if (b[i] === 0x65 || b[i] === 0x45) {
    i++;
    if (b[i] === 0x2b || b[i] === 0x2d) i++;
    if (!isDigit(b[i])) return -1;
    while (isDigit(b[i])) i++;
  }
  return i;
}

const isDigit = (c: number | undefined): boolean => c !== undefined && c >= 0x30 && c <= 0x39;
