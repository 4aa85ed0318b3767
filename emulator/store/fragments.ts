const CHUNK = 32 * 1024 * 1024;
const COMMA = Buffer.from(',');

/**
 * Each row's serialised record JSON, kept once as UTF-8 bytes in large off-heap chunks (`frag,frag,…`), so reading a
 * page of unchanged rows is a copy of a few contiguous byte ranges: no per-record strings, no re-serialising, and
 * nothing for the garbage collector to trace. Rows written in order sit next to each other, so a page of 10,000 rows is
 * usually one range. A write invalidates the row's fragment; a chunk is freed once none of its fragments is live.
 */
export class FragmentArena {
  private chunks: (Buffer | undefined)[] = [];
  private live: number[] = [];
  private used = CHUNK;
  /** Per row: chunk index (-1: no fragment), byte offset and length. */
  private chunkOf = new Int32Array(0);
  private offset = new Int32Array(0);
  private length = new Int32Array(0);

  has(row: number): boolean {
    return row < this.chunkOf.length && this.chunkOf[row]! >= 0;
  }

  /**
   * Stores the fragments of `rows`, replacing previous ones: record i is `src[spans[2i] .. +spans[2i+1])`, and `src`
   * holds the records back to back, each followed by a comma. One copy for the whole batch.
   */
  setMany(rows: ArrayLike<number>, src: Uint8Array, spans: Int32Array): void {
    if (rows.length === 0) return;
    let max = 0;
    for (let i = 0; i < rows.length; i++) {
      this.invalidate(rows[i]!);
      max = Math.max(max, rows[i]!);
    }
    this.ensureRows(max + 1);
    let chunk = this.chunks[this.chunks.length - 1];
    if (!chunk || src.length > CHUNK - this.used) {
      chunk = Buffer.allocUnsafeSlow(Math.max(CHUNK, src.length));
      this.chunks.push(chunk);
      this.live.push(0);
      this.used = 0;
    }
    const index = this.chunks.length - 1;
    const at = this.used;
    chunk.set(src, at);
    this.used = at + src.length;
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      this.chunkOf[row] = index;
      this.offset[row] = at + spans[2 * i]!;
      this.length[row] = spans[2 * i + 1]!;
    }
    this.live[index]! += rows.length;
  }

  invalidate(row: number): void {
    if (!this.has(row)) return;
    const index = this.chunkOf[row]!;
    this.chunkOf[row] = -1;
    // Free a fully dead chunk unless it is the one still being filled.
    if (--this.live[index]! === 0 && index !== this.chunks.length - 1) this.chunks[index] = undefined;
  }

  clear(): void {
    this.chunks = [];
    this.live = [];
    this.used = CHUNK;
    this.chunkOf.fill(-1);
  }

  /**
   * The fragments of `rows[from..to)` joined by commas, as byte ranges into the arena (every row must have one).
   * Consecutive rows stored back to back come out as a single range.
   */
  ranges(rows: ArrayLike<number>, from: number, to: number): Buffer[] {
    const out: Buffer[] = [];
    let i = from;
    while (i < to) {
      const first = rows[i]!;
      const index = this.chunkOf[first]!;
      const start = this.offset[first]!;
      let end = start + this.length[first]!;
      for (i++; i < to; i++) {
        const row = rows[i]!;
        if (this.chunkOf[row] !== index || this.offset[row] !== end + 1) break;
        end = this.offset[row]! + this.length[row]!;
      }
      if (out.length > 0) out.push(COMMA);
      out.push(this.chunks[index]!.subarray(start, end));
    }
    return out;
  }

  private ensureRows(n: number): void {
    if (n <= this.chunkOf.length) return;
    let cap = Math.max(1024, this.chunkOf.length);
    while (cap < n) cap *= 2;
    const grow = (a: Int32Array, fill: number) => {
      const b = new Int32Array(cap).fill(fill);
      b.set(a);
      return b;
    };
    this.chunkOf = grow(this.chunkOf, -1);
    this.offset = grow(this.offset, 0);
    this.length = grow(this.length, 0);
  }
}
