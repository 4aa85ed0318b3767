// Limits enforced as bytes flow, so a hostile file is stopped as soon as it crosses one, not after.
import { Transform } from 'node:stream';
import { BadInputError } from '../errors/index.js';
import type { NormalizeLimits } from './types.js';

const LF = 0x0a;

/** Counts raw bytes read from the object and rejects past `maxBytes`. */
export class SourceMeter extends Transform {
  bytes = 0;
  constructor(private readonly maxBytes: number) {
    super();
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: (err?: Error | null, data?: Buffer) => void): void {
    this.bytes += chunk.length;
    if (this.bytes > this.maxBytes) {
      done(new BadInputError('too-large', `file is larger than the limit of ${this.maxBytes} bytes`));
      return;
    }
    done(null, chunk);
  }
}

/** Tiny inputs legitimately compress by more than any sane ratio; judge the ratio only past this much output. */
const RATIO_FLOOR = 1 << 20;

/** Throws if `bytesOut` decompressed from `bytesIn` crosses the size or ratio limit. */
export function checkExpansion(limits: NormalizeLimits, bytesIn: number, bytesOut: number, what: string): void {
  if (bytesOut > limits.maxUncompressedBytes) {
    throw new BadInputError(
      'too-large',
      `${what} expands to more than the limit of ${limits.maxUncompressedBytes} bytes`,
    );
  }
  if (bytesOut >= RATIO_FLOOR && bytesOut > bytesIn * limits.maxRatio) {
    const ratio = Math.round(bytesOut / Math.max(bytesIn, 1));
    throw new BadInputError(
      'zip-bomb',
      `${what}: expansion ratio ${ratio}:1 exceeds the limit of ${limits.maxRatio}:1`,
    );
  }
}

/**
 * Checks normalised UTF-8 text as it passes: no NUL (binary smuggled past the sample), no physical line longer than
 * `maxLineBytes`, and whether anything but whitespace was seen at all.
 */
export class TextGuard {
  private line = 1;
  private lineBytes = 0;
  hasContent = false;

  constructor(private readonly maxLineBytes: number) {}

  check(buf: Buffer): void {
    const nul = buf.indexOf(0);
    if (nul !== -1) {
      throw new BadInputError(
        'binary-content',
        `line ${this.line + countLf(buf, 0, nul)} contains a NUL byte: the file is binary, not text`,
      );
    }
    if (!this.hasContent) this.hasContent = hasNonWhitespace(buf);
    let from = 0;
    for (let lf = buf.indexOf(LF); lf !== -1; lf = buf.indexOf(LF, from)) {
      this.lineBytes += lf - from;
      this.assertLine();
      this.line++;
      this.lineBytes = 0;
      from = lf + 1;
    }
    this.lineBytes += buf.length - from;
    this.assertLine();
  }

  private assertLine(): void {
    if (this.lineBytes > this.maxLineBytes) {
      throw new BadInputError(
        'line-too-long',
        `line ${this.line} is longer than the limit of ${this.maxLineBytes} bytes; check the line endings and quoting`,
      );
    }
  }
}

function countLf(buf: Buffer, from: number, to: number): number {
  let n = 0;
  for (let i = buf.indexOf(LF, from); i !== -1 && i < to; i = buf.indexOf(LF, i + 1)) n++;
  return n;
}

function hasNonWhitespace(buf: Buffer): boolean {
  for (const b of buf) if (b !== 0x20 && b !== 0x09 && b !== LF) return true;
  return false;
}
