/**
 * Writes JSON straight into a reusable byte buffer. Plain ASCII strings are copied char by char in JS: cheaper than
 * building per-record strings that must then be flattened and encoded, and it leaves no garbage behind.
 */
export class JsonWriter {
  buf: Buffer = Buffer.allocUnsafe(1 << 20);
  length = 0;

  reset(): void {
    this.length = 0;
  }

  /** Pre-encoded bytes (constant pieces of the output). */
  bytes(b: Uint8Array): void {
    this.room(b.length);
    const buf = this.buf;
    let n = this.length;
    // A native copy beats a JS loop from a dozen bytes on (field heads, cell tails).
    if (b.length >= 12) {
      buf.set(b, n);
      this.length = n + b.length;
      return;
    }
    for (let i = 0; i < b.length; i++) buf[n++] = b[i]!;
    this.length = n;
  }

  byte(c: number): void {
    this.room(1);
    this.buf[this.length++] = c;
  }

  /** A string known to be plain ASCII (ids, numbers). */
  ascii(s: string): void {
    this.room(s.length);
    const buf = this.buf;
    let n = this.length;
    for (let i = 0; i < s.length; i++) buf[n++] = s.charCodeAt(i);
    this.length = n;
  }

  /** A JSON string literal; anything needing escapes or beyond ASCII goes through JSON.stringify. */
  string(s: string): void {
    this.room(s.length + 2);
    const buf = this.buf;
    let n = this.length;
    buf[n++] = 0x22;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c < 0x20 || c === 0x22 || c === 0x5c || c > 0x7e) return this.utf8(JSON.stringify(s));
      buf[n++] = c;
    }
    buf[n++] = 0x22;
    this.length = n;
  }

  /** Any JSON value. */
  value(v: unknown): void {
    if (typeof v === 'string') this.string(v);
    else if (typeof v === 'number' && Number.isFinite(v)) this.ascii(String(v));
    else if (v === true) this.ascii('true');
    else if (v === false) this.ascii('false');
    else this.utf8(JSON.stringify(v) ?? 'null');
  }

  /** Arbitrary text, UTF-8 encoded. */
  utf8(s: string): void {
    this.room(Buffer.byteLength(s));
    this.length += this.buf.write(s, this.length);
  }

  private room(n: number): void {
    if (this.length + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.length + n));
    this.buf.copy(next, 0, 0, this.length);
    this.buf = next;
  }
}
