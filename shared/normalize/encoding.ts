// Which encoding a text file is in, and a streaming decoder from it to UTF-8.
import { isUtf8 } from 'node:buffer';
import chardet from 'chardet';
import iconv from 'iconv-lite';
import { BadInputError } from '../errors/index.js';
import { guessSingleByte } from './encoding-evidence.js';

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** Encoding named by a byte-order mark, if the text starts with one. */
export function bomEncoding(head: Buffer): 'utf-8' | 'utf-16le' | 'utf-16be' | undefined {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8';
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  return undefined;
}

/** Throws (a configuration bug, not the partner's) for an encoding name iconv-lite does not know. */
export function declaredEncoding(name: string): string {
  if (!iconv.encodingExists(name)) throw new RangeError(`unknown encoding "${name}" in the feed configuration`);
  return name.toLowerCase();
}

/**
 * UTF-16 without a byte-order mark: text in the Latin, Greek or Cyrillic ranges has a zero as every other byte
 * (the high byte of each code unit). Odd offsets zero and even ones not → little-endian; the reverse → big-endian.
 */
export function utf16WithoutBom(head: Buffer): 'utf-16le' | 'utf-16be' | undefined {
  const n = Math.min(head.length, 4096) & ~1;
  if (n < 4) return undefined;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < n; i += 2) {
    if (head[i] === 0) evenZero++;
    if (head[i + 1] === 0) oddZero++;
  }
  const units = n / 2;
  const decodes = (enc: 'utf-16le' | 'utf-16be') => !iconv.decode(head.subarray(0, n), enc).includes('\ufffd');
  if (oddZero >= units * 0.4 && evenZero <= units * 0.05 && decodes('utf-16le')) return 'utf-16le';
  if (evenZero >= units * 0.4 && oddZero <= units * 0.05 && decodes('utf-16be')) return 'utf-16be';
  return undefined;
}

/**
 * Guesses the encoding of a BOM-less sample: valid UTF-8 (ASCII included) is UTF-8, since random 8-bit text almost
 * never is; otherwise the single-byte code page whose text is most plausible (encoding-evidence.ts). A code page that
 * reads the sample exactly as windows-1252 does is windows-1252, as in WHATWG: real files use 0x80–0x9F for smart
 * quotes and €, never for C1 controls.
 */
export function sniffEncoding(head: Buffer, whole: boolean): string {
  const complete = whole ? head : head.subarray(0, head.length - incompleteTail(head));
  if (isUtf8(complete)) return 'utf-8';
  const single = guessSingleByte(complete);
  if (single) {
    const text = iconv.decode(complete, single.encoding);
    return text === iconv.decode(complete, 'windows-1252') ? 'windows-1252' : single.encoding;
  }
  const guess = chardet.detect(head);
  if (guess === null) {
    throw new BadInputError('undecodable-text', 'the text encoding could not be recognised; declare it in the feed manifest');
  }
  if (!iconv.encodingExists(guess)) {
    throw new BadInputError(
      'undecodable-text',
      `the text looks like ${guess}, which is not supported; re-export it as UTF-8 or declare its encoding in the feed manifest`,
    );
  }
  return guess.toLowerCase();
}

/** Bytes at the end of buf that begin a UTF-8 sequence the buffer does not finish. */
function incompleteTail(buf: Buffer): number {
  for (let back = 1; back <= Math.min(4, buf.length); back++) {
    const b = buf[buf.length - back] ?? 0;
    if ((b & 0xc0) === 0x80) continue; // continuation byte: keep looking for the lead
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return need > back ? back : 0;
  }
  return 0;
}

/** Converts a byte stream in some encoding to UTF-8, chunk by chunk, without a BOM. */
export interface Utf8Decoder {
  write(chunk: Buffer): Buffer;
  end(): Buffer;
}

export function createDecoder(encoding: string): Utf8Decoder {
  if (encoding === 'utf-8' || encoding === 'utf8') return new Utf8Validator();
  const table = singleByteTable(encoding);
  return table ? new SingleByteDecoder(table) : new IconvDecoder(encoding);
}

/** UTF-8 in, UTF-8 out: validate (native, fast) instead of decoding to strings and back. */
class Utf8Validator implements Utf8Decoder {
  private carry: Buffer = Buffer.alloc(0);
  private offset = 0;
  private first = true;

  write(chunk: Buffer): Buffer {
    let buf = this.carry.length > 0 ? Buffer.concat([this.carry, chunk]) : chunk;
    if (this.first && buf.length >= 3) {
      this.first = false;
      if (buf.subarray(0, 3).equals(UTF8_BOM)) {
        buf = buf.subarray(3);
        this.offset += 3;
      }
    }
    const tail = incompleteTail(buf);
    const body = buf.subarray(0, buf.length - tail);
    if (!isUtf8(body)) this.reject(body);
    this.carry = Buffer.from(buf.subarray(body.length));
    this.offset += body.length;
    return body;
  }

  end(): Buffer {
    if (this.carry.length > 0) this.reject(this.carry);
    return Buffer.alloc(0);
  }

  private reject(buf: Buffer): never {
    throw new BadInputError(
      'undecodable-text',
      `invalid UTF-8 at byte ${this.offset + firstInvalid(buf)}; the start of the file looked like UTF-8 — ` +
        'declare its real encoding (e.g. windows-1252) in the feed manifest or re-export it as UTF-8',
    );
  }
}

/** Offset of the first byte that breaks UTF-8 structure (lead/continuation pattern; enough to point at the spot). */
function firstInvalid(buf: Buffer): number {
  for (let i = 0; i < buf.length; ) {
    const b = buf[i] ?? 0;
    const need = b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
    if (need === 0 || i + need > buf.length) return i;
    for (let k = 1; k < need; k++) if (((buf[i + k] ?? 0) & 0xc0) !== 0x80) return i;
    i += need;
  }
  return 0;
}

/** Any other encoding: iconv-lite's streaming decoder (keeps state across chunks, strips the BOM). */
class IconvDecoder implements Utf8Decoder {
  private readonly decoder: ReturnType<typeof iconv.getDecoder>;
  constructor(encoding: string) {
    this.decoder = iconv.getDecoder(encoding);
  }
  write(chunk: Buffer): Buffer {
    return Buffer.from(this.decoder.write(chunk), 'utf8');
  }
  end(): Buffer {
    return Buffer.from(this.decoder.end() ?? '', 'utf8');
  }
}

/**
 * UTF-8 for each of the 256 bytes, if the encoding maps every byte to exactly one character on its own (windows-125x,
 * ISO-8859-x, ...); undefined for multi-byte and stateful encodings. Built from iconv-lite, so output is identical.
 */
export const isSingleByteEncoding = (encoding: string): boolean => singleByteTable(encoding) !== undefined;

function singleByteTable(encoding: string): Buffer[] | undefined {
  const all = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
  const chars = [...iconv.decode(all, encoding, { stripBOM: false })];
  if (chars.length !== 256) return undefined;
  const table = chars.map((c) => Buffer.from(c, 'utf8'));
  return table.every((utf8, i) => iconv.decode(all.subarray(i, i + 1), encoding, { stripBOM: false }) === utf8.toString())
    ? table
    : undefined;
}

/** A table lookup per byte: about four times faster than iconv-lite's decode-to-string-and-re-encode. */
class SingleByteDecoder implements Utf8Decoder {
  constructor(private readonly table: Buffer[]) {}
  write(chunk: Buffer): Buffer {
    const out = Buffer.allocUnsafe(chunk.length * 3);
    let o = 0;
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i] as number;
      if (b < 0x80) {
        out[o++] = b;
        continue;
      }
      const seq = this.table[b] as Buffer;
      for (let k = 0; k < seq.length; k++) out[o++] = seq[k] as number;
    }
    return out.subarray(0, o);
  }
  end(): Buffer {
    return Buffer.alloc(0);
  }
}
