// Is a file decoded as a single-byte code page really in it throughout? Watches the raw bytes as they stream for the
// two kinds of evidence that cannot both be true of one encoding: a valid multi-byte UTF-8 sequence (ü written as
// C3 BC) and a byte above 0x7F that is not part of one (ü written as FC). Windows-1252 text practically never holds
// "Ã¼"-like pairs unless UTF-8 was pasted into it, so one of each, anywhere in the file, is a file that mixes
// encodings — refused at the first inconsistency, whatever the file's size, with both byte offsets.
import iconv from 'iconv-lite';
import { BadInputError } from '../errors/index.js';

export interface MixedEncodingPolicy {
  /** Where the encoding came from: sniffed (our guess) or declared by the feed. */
  declared: boolean;
  /** A declared single-byte encoding meeting UTF-8 text: `warn` (record it) or `refuse` (reject the file). */
  utf8InDeclared: 'warn' | 'refuse';
}

export class MixedEncodingWatch {
  private offset = 0;
  /** Bytes of an unfinished sequence at the end of the last chunk. */
  private carry: number[] = [];
  firstUtf8: number | undefined;
  private firstUtf8Bytes = '';
  firstSingle: number | undefined;
  private firstSingleByte = 0;

  constructor(
    private readonly encoding: string,
    private readonly policy: MixedEncodingPolicy,
  ) {}

  write(chunk: Buffer): void {
    const buf = this.carry.length > 0 ? Buffer.concat([Buffer.from(this.carry), chunk]) : chunk;
    const base = this.offset - this.carry.length;
    this.carry = [];
    let i = 0;
    while (i < buf.length) {
      const b = buf[i]!;
      if (b < 0x80) {
        i++;
        continue;
      }
      const need = b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
      if (need > 0 && i + need > buf.length) {
        // Might finish in the next chunk.
        this.carry = [...buf.subarray(i)];
        break;
      }
      let ok = need > 0;
      for (let k = 1; ok && k < need; k++) ok = (buf[i + k]! & 0xc0) === 0x80;
      // Bytes that are letters in the code page too ("Пё" in Windows-1251 is CF B8, valid UTF-8 for "ϸ") are no
      // evidence either way; UTF-8 read as Windows-1252 shows a symbol ("Ã¼", "Ã©", "Ã¶").
      if (ok && this.lettersInCodePage(buf.subarray(i, i + need))) {
        i += need;
        continue;
      }
      if (ok) {
        this.sawUtf8(base + i, buf.subarray(i, i + need));
        i += need;
      } else {
        this.sawSingle(base + i, b);
        i++;
      }
    }
    this.offset += chunk.length;
  }

  end(): void {
    // An unfinished sequence at the very end is a single-byte character.
    if (this.carry.length > 0) this.sawSingle(this.offset - this.carry.length, this.carry[0]!);
    this.carry = [];
  }

  private lettersInCodePage(bytes: Buffer): boolean {
    // UTF-8 for à–ÿ (C3 xx) in a Latin code page is always evidence: "Ăź" in Windows-1250 is not Polish.
    if (this.latin && bytes[0] === 0xc3) return false;
    return /^\p{L}+$/u.test(iconv.decode(bytes, this.encoding));
  }

  /** Whether the code page writes Latin letters in its upper half (not Cyrillic or Greek). */
  private get latin(): boolean {
    return (this.latinCache ??= iconv.decode(Buffer.from([0xc3]), this.encoding).charCodeAt(0) < 0x250);
  }
  private latinCache: boolean | undefined;

  /** For a declared encoding with `warn`: what to tell the partner once the whole file has been read. */
  warning(): string | undefined {
    if (this.firstUtf8 === undefined || this.firstSingle !== undefined) return undefined;
    return (
      `the feed declares ${this.encoding}, but the text is valid UTF-8 (from byte ${this.firstUtf8}, ` +
      `"${this.firstUtf8Bytes}"); it was decoded as ${this.encoding} as declared — check the values or re-export`
    );
  }

  private sawUtf8(at: number, bytes: Buffer): void {
    if (this.firstUtf8 !== undefined) return;
    this.firstUtf8 = at;
    this.firstUtf8Bytes = bytes.toString('utf8');
    if (this.policy.declared && this.policy.utf8InDeclared === 'refuse') {
      throw new BadInputError(
        'encoding-mismatch',
        `the feed declares ${this.encoding}, but byte ${at} starts valid UTF-8 ("${this.firstUtf8Bytes}"); ` +
          're-export the file in the declared encoding, or change the feed\'s encoding to utf-8',
      );
    }
    this.check();
  }

  private sawSingle(at: number, byte: number): void {
    if (this.firstSingle !== undefined) return;
    this.firstSingle = at;
    this.firstSingleByte = byte;
    this.check();
  }

  private check(): void {
    if (this.firstUtf8 === undefined || this.firstSingle === undefined) return;
    const hex = `0x${this.firstSingleByte.toString(16).toUpperCase().padStart(2, '0')}`;
    throw new BadInputError(
      'mixed-encoding',
      `the file is not consistently one encoding: byte ${this.firstUtf8} starts valid UTF-8 ("${this.firstUtf8Bytes}") ` +
        `but byte ${this.firstSingle} (${hex}) is not UTF-8; the first inconsistency is at byte ` +
        `${Math.max(this.firstUtf8, this.firstSingle)} — re-export the whole file in one encoding (UTF-8)`,
    );
  }
}
