// CRLF and lone CR become LF. Works on UTF-8 bytes: CR and LF never occur inside a multi-byte sequence. The file's
// own line end (its first) is kept, so what goes back to the partner (a rejects file in their layout) can use it.

const CR = 0x0d;
const LF = 0x0a;

export type LineEnd = '\r\n' | '\n' | '\r';

export class LineEndings {
  /** The previous chunk ended in CR, so an LF starting this one is the second half of a CRLF already emitted. */
  private afterCr = false;
  private first: LineEnd | undefined;
  /** A chunk ended in the file's first CR: CRLF or a lone CR, as the next chunk shows. */
  private firstPending = false;

  /** The file's first line end (undefined while it has none, or its first CR is its last byte so far). */
  lineEnd(): LineEnd | undefined {
    return this.first ?? (this.firstPending ? '\r' : undefined);
  }

  normalize(buf: Buffer): Buffer {
    if (buf.length === 0) return buf;
    if (this.firstPending) {
      this.first = buf[0] === LF ? '\r\n' : '\r';
      this.firstPending = false;
    }
    const start = this.afterCr && buf[0] === LF ? 1 : 0;
    this.afterCr = buf[buf.length - 1] === CR;
    let cr = buf.indexOf(CR, start);
    if (this.first === undefined) this.noteFirst(buf, start, cr);
    if (cr === -1) return start === 0 ? buf : buf.subarray(start);
    const out = Buffer.allocUnsafe(buf.length - start);
    let o = 0;
    let from = start;
    while (cr !== -1) {
      o += buf.copy(out, o, from, cr);
      out[o++] = LF;
      from = buf[cr + 1] === LF ? cr + 2 : cr + 1;
      cr = buf.indexOf(CR, from);
    }
    o += buf.copy(out, o, from);
    return out.subarray(0, o);
  }

  private noteFirst(buf: Buffer, start: number, cr: number): void {
    const lf = buf.indexOf(LF, start);
    if (lf !== -1 && (cr === -1 || lf < cr)) this.first = '\n';
    else if (cr === buf.length - 1) this.firstPending = true;
    else if (cr !== -1) this.first = buf[cr + 1] === LF ? '\r\n' : '\r';
  }
}
