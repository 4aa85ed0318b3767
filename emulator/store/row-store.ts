import type { Json, Message } from '../types.js';

/**
 * The rows of one sheet as stored, column-wise: one value array per field, typed arrays for per-row flags, and
 * messages, metadata and config kept sparsely. Storage only: what the flags mean is the table's business
 * (records.ts), reading them out is record-json.ts's, selecting rows is selection.ts's.
 */
export class RowStore {
  readonly columns = new Map<string, unknown[]>();
  /** Rows ever appended; a deleted row keeps its number. */
  size = 0;
  deleted = new Uint8Array(1024);
  valid = new Uint8Array(1024);
  /** 1 for rows without any message, set with `valid`: their cells serialise without re-running the checks. */
  clean = new Uint8Array(1024);
  /** Sequence number of the last commit that touched each row (for `sinceCommitId`). */
  rowSeq = new Int32Array(1024);
  readonly custom = new Map<number, Record<string, Message[]>>();
  readonly metadata = new Map<number, Json>();
  readonly config = new Map<number, Json>();

  /** `prefix` + a row number in base 36 is a record id: ids carry their sheet and row, so lookups need no id map. */
  constructor(readonly prefix: string) {}

  get capacity(): number {
    return this.deleted.length;
  }

  /** Makes room for n rows; returns the new capacity when it grew, else 0. */
  grow(n: number): number {
    if (n <= this.deleted.length) return 0;
    let cap = this.deleted.length;
    while (cap < n) cap *= 2;
    this.deleted = grown(new Uint8Array(cap), this.deleted);
    this.valid = grown(new Uint8Array(cap), this.valid);
    this.clean = grown(new Uint8Array(cap), this.clean);
    this.rowSeq = grown(new Int32Array(cap), this.rowSeq);
    return cap;
  }
}

export function grown<T extends Uint8Array | Int32Array>(to: T, from: T): T {
  to.set(from);
  return to;
}
