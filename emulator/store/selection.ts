import { hasError, type FieldRule, type Schema } from '../validation.js';
import type { CellMessages } from './record-json.js';
import type { RowStore } from './row-store.js';

/** A records query as the routes parse it (commit, since, filter, ids, search, sort). */
export interface Selection {
  commitRows?: Int32Array;
  sinceSeq?: number;
  filter?: 'valid' | 'error' | 'all' | 'none';
  filterField?: string;
  ids?: string[];
  searchValue?: string;
  searchField?: string;
  sortField?: string;
  sortDirection?: 'asc' | 'desc';
}

/** Which rows a query selects, given the live rows by filter (`rowsBy`, cached by the table). */
export function selectRows(
  store: RowStore,
  schema: Schema,
  messages: CellMessages,
  q: Selection,
  ids: Set<number> | undefined,
  rowsBy: (filter: 'all' | 'valid' | 'error' | 'none') => Int32Array,
): Int32Array {
  const filter = q.filter === 'valid' || q.filter === 'error' || q.filter === 'none' ? q.filter : 'all';
  const narrowed = filter !== 'all' || !!q.filterField || q.searchValue !== undefined;
  let rows: Int32Array;
  if (q.commitRows || q.sinceSeq !== undefined || q.filterField || q.searchValue !== undefined || (ids && !narrowed)) {
    const match = matcher(store, schema, messages, q, filter);
    const base = q.commitRows ?? (ids && !narrowed ? Int32Array.from(ids) : rowsBy('all'));
    rows = base.filter((r) => !store.deleted[r] && match(r));
  } else {
    rows = rowsBy(filter);
  }
  // `ids` include when nothing else narrows the query, and exclude otherwise (Flatfile's documented rule).
  if (ids && narrowed) rows = rows.filter((r) => !ids.has(r));
  if (q.sortField) rows = sorted(store, rows, q.sortField, q.sortDirection === 'desc' ? -1 : 1);
  return rows;
}

/** The live rows of a filter, in sheet order. */
export function liveRows(store: RowStore, filter: 'all' | 'valid' | 'error' | 'none', count: number): Int32Array {
  const rows = new Int32Array(count);
  let n = 0;
  if (filter !== 'none') {
    for (let r = 0; r < store.size; r++) {
      if (store.deleted[r]) continue;
      if (filter === 'all' || (filter === 'valid') === (store.valid[r] === 1)) rows[n++] = r;
    }
  }
  return rows;
}

function matcher(store: RowStore, schema: Schema, messages: CellMessages, q: Selection, filter: string): (row: number) => boolean {
  const tests: ((row: number) => boolean)[] = [];
  if (q.sinceSeq !== undefined) tests.push((r) => store.rowSeq[r]! > q.sinceSeq!);
  if (filter === 'none') tests.push(() => false);
  if (filter === 'valid') tests.push((r) => store.valid[r] === 1);
  if (filter === 'error') tests.push((r) => store.valid[r] === 0);
  if (q.filterField) {
    const key = q.filterField;
    const rule: FieldRule | undefined = schema.byKey.get(key);
    const col = store.columns.get(key) ?? [];
    tests.push((r) => hasError(messages.messagesOf(r, key, rule, col[r], store.custom.get(r))));
  }
  if (q.searchValue !== undefined) {
    const raw = q.searchValue;
    const exact = raw.length >= 2 && raw.startsWith('"') && raw.endsWith('"');
    const needle = (exact ? raw.slice(1, -1) : raw).toLowerCase();
    const cols = q.searchField ? [store.columns.get(q.searchField) ?? []] : [...store.columns.values()];
    tests.push((r) =>
      cols.some((col) => {
        const v = col[r];
        const s = v === undefined ? '' : String(v).toLowerCase();
        return exact ? s === needle : s.includes(needle);
      }),
    );
  }
  return (r) => tests.every((t) => t(r));
}

function sorted(store: RowStore, rows: Int32Array, key: string, dir: number): Int32Array {
  const col = store.columns.get(key) ?? [];
  const out = Int32Array.from(rows);
  out.sort((a, b) => {
    const x = col[a];
    const y = col[b];
    if (x === y) return a - b;
    if (x === undefined) return 1;
    if (y === undefined) return -1;
    return (x! < y! ? -1 : 1) * dir;
  });
  return out;
}
