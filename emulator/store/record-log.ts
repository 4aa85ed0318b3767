import type { Json, Message } from '../types.js';
import type { RowStore } from './row-store.js';

/**
 * A batch of rows in a sheet's persistence log: each live row's full state (values in `keys` order, null for none)
 * or `[row, -1]` for a deleted one. Replaying the lines in order rebuilds the table; rows never mentioned are deleted.
 */
export interface LogLine {
  size: number;
  keys: string[];
  rows: ([row: number, seq: number, values: unknown[], custom: Record<string, Message[]> | 0, metadata: Json | 0, config: Json | 0] | [row: number, deleted: -1])[];
}

/** Rows per log line, so a line stays a few megabytes however big the sheet. */
const LOG_LINE_ROWS = 10_000;

/** Lines are built one at a time as they are written, so compacting a big sheet never holds its whole log. */
export function* logLines(store: RowStore, rows: number[], evenIfEmpty: boolean): Generator<LogLine> {
  const keys = [...store.columns.keys()];
  const cols = keys.map((k) => store.columns.get(k)!);
  for (let at = 0; at < rows.length || (evenIfEmpty && at === 0); at += LOG_LINE_ROWS) {
    const line: LogLine = { size: store.size, keys, rows: [] };
    for (let i = at; i < Math.min(rows.length, at + LOG_LINE_ROWS); i++) {
      const row = rows[i]!;
      if (store.deleted[row]) line.rows.push([row, -1]);
      else {
        const values = cols.map((c) => c[row] ?? null);
        line.rows.push([row, store.rowSeq[row]!, values, store.custom.get(row) ?? 0, store.metadata.get(row) ?? 0, store.config.get(row) ?? 0]);
      }
    }
    yield line;
  }
}

/** Applies one line to the store (which has room for `line.size` rows); validity is the table's to recompute. */
export function applyLogLine(store: RowStore, line: LogLine): void {
  if (line.size > store.size) {
    store.deleted.fill(1, store.size, line.size);
    store.size = line.size;
  }
  const cols = line.keys.map((k) => store.columns.get(k) ?? (store.columns.set(k, []), store.columns.get(k)!));
  for (const entry of line.rows) {
    const row = entry[0];
    store.custom.delete(row);
    store.metadata.delete(row);
    store.config.delete(row);
    if (entry.length === 2) {
      store.deleted[row] = 1;
      for (const col of store.columns.values()) col[row] = undefined;
      continue;
    }
    const [, seq, values, custom, metadata, config] = entry;
    store.deleted[row] = 0;
    store.rowSeq[row] = seq;
    for (let i = 0; i < cols.length; i++) cols[i]![row] = values[i] ?? undefined;
    if (custom) store.custom.set(row, custom);
    if (metadata) store.metadata.set(row, metadata);
    if (config) store.config.set(row, config);
  }
}
