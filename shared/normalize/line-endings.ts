// CRLF and lone CR become LF. Works on UTF-8 bytes: CR and LF never occur inside a multi-byte sequence.

const CR = 0x0d;
const LF = 0x0a;

export class LineEndings {
  /** The previous chunk ended in CR, so an LF starting this one is the second half of a CRLF already emitted. */
  private afterCr = false;

  normalize(buf: Buffer): Buffer {
    if (buf.length === 0) return buf;
    const start = this.afterCr && buf[0] === LF ? 1 : 0;
    this.afterCr = buf[buf.length - 1] === CR;
    let cr = buf.indexOf(CR, start);
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
}
