const CHUNK = 16 * 1024 * 1024;
/**
 * Bytes of fragments kept per sheet. A cache of every row read cost 780 bytes per record off the heap: at 1M rows the
 * destination sheet's alone was 850 MiB of the emulator's 2,256 MiB peak, for rows the pipeline reads once (a
 * commit's page). Beyond this the oldest chunks are dropped and their rows serialised again when read.
 */
export const FRAGMENT_CACHE_BYTES = 64 * 1024 * 1024;
const COMMA = Buffer.from(',');
/**
 * Dropped chunks kept for the next ones. Fresh memory costs a page fault per 4 KiB on first touch: on this machine
 * filling a new 16 MiB chunk took ~6 ms of CPU per MiB against ~0.1 ms for one already touched, and at 200k rows
 * (156 MB of v1 records written for validation's reads) that was 3–4 µs of the emulator's CPU per row.
 */
const SPARE_CHUNKS = 2;

/** Byte ranges for a response, and what to call once the response no longer needs them (see FragmentArena.lease). */
export interface Leased {
  parts: Buffer[];
  release(): void;
}

/**
 * Each row's serialised record JSON, kept once as UTF-8 bytes in large off-heap chunks (`frag,frag,…`), so reading a
 * page of unchanged rows is a copy of a few contiguous byte ranges: no per-record strings, no re-serialising, and
 * nothing for the garbage collector to trace. Rows written in order sit next to each other, so a page of 10,000 rows is
 * usually one range. A write invalidates the row's fragment; a chunk is freed once none of its fragments is live, or
 * when the chunks kept pass `maxBytes` (oldest first, see `trim`). A freed chunk's memory is reused for a later chunk,
 * but only once no reader holds a range of it: `lease` hands ranges out with a release, and a chunk freed while
 * leased waits for its last release (a lease never released only keeps its chunk from being reused).
 */
export class FragmentArena {
  private chunks: (Buffer | undefined)[] = [];
  private live: number[] = [];
  private used = Infinity;
  /** Bytes of the chunks still kept, and the oldest chunk that may still be kept. */
  private keptBytes = 0;
  private oldest = 0;
  /** Per row: chunk index (-1: no fragment), byte offset and length. */
  private chunkOf = new Int32Array(0);
  private offset = new Int32Array(0);
  private length = new Int32Array(0);
  /** Leases not yet released, per chunk; freed chunks still leased wait in `retired`. */
  private leases = new Map<Buffer, number>();
  private retired = new Set<Buffer>();
  private spare: Buffer[] = [];

  constructor(
    private readonly maxBytes = FRAGMENT_CACHE_BYTES,
    private readonly chunkBytes = CHUNK,
  ) {}

  has(row: number): boolean {
    return row < this.chunkOf.length && this.chunkOf[row]! >= 0 && this.chunks[this.chunkOf[row]!] !== undefined;
  }

  /**
   * Drops the oldest chunks (not the one being filled) while more than `maxBytes` are kept; their rows read as
   * missing. Call before asking `has` for a read, never between `has` and `ranges`.
   */
  trim(): void {
    const last = this.chunks.length - 1;
    while (this.keptBytes > this.maxBytes && this.oldest < last) this.drop(this.oldest++);
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
    if (!chunk || src.length > chunk.length - this.used) {
      chunk = (src.length <= this.chunkBytes ? this.spare.pop() : undefined) ?? Buffer.allocUnsafeSlow(Math.max(this.chunkBytes, src.length));
      this.keptBytes += chunk.length;
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
    if (--this.live[index]! === 0 && index !== this.chunks.length - 1) this.drop(index);
  }

  clear(): void {
    for (let i = 0; i < this.chunks.length; i++) this.drop(i);
    this.chunks = [];
    this.live = [];
    this.used = Infinity;
    this.keptBytes = 0;
    this.oldest = 0;
    this.chunkOf.fill(-1);
  }

  private drop(index: number): void {
    const chunk = this.chunks[index];
    if (!chunk) return;
    this.keptBytes -= chunk.length;
    this.chunks[index] = undefined;
    if (this.leases.has(chunk)) this.retired.add(chunk);
    else this.recycle(chunk);
  }

  private recycle(chunk: Buffer): void {
    if (chunk.length === this.chunkBytes && this.spare.length < SPARE_CHUNKS) this.spare.push(chunk);
  }

  /**
   * `ranges`, for a reader that sends them on after this call returns (an HTTP response): their chunks are not reused
   * until `release` (idempotent), so the bytes stay as they were until the response has left.
   */
  lease(rows: ArrayLike<number>, from: number, to: number): Leased {
    const held = new Set<Buffer>();
    const parts = this.ranges(rows, from, to, held);
    for (const c of held) this.leases.set(c, (this.leases.get(c) ?? 0) + 1);
    let released = false;
    return {
      parts,
      release: () => {
        if (released) return;
        released = true;
        for (const c of held) {
          const n = this.leases.get(c)! - 1;
          if (n > 0) {
            this.leases.set(c, n);
            continue;
          }
          this.leases.delete(c);
          if (this.retired.delete(c)) this.recycle(c);
        }
      },
    };
  }

  /**
   * The fragments of `rows[from..to)` joined by commas, as byte ranges into the arena (every row must have one).
   * Consecutive rows stored back to back come out as a single range. `chunks` collects the chunks the ranges lie in.
   * The ranges hold their bytes until the next write to the arena; to send them on later, `lease` them.
   */
  ranges(rows: ArrayLike<number>, from: number, to: number, chunks?: Set<Buffer>): Buffer[] {
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
      const chunk = this.chunks[index]!;
      chunks?.add(chunk);
      out.push(chunk.subarray(start, end));
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
