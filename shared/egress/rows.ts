/** The parts of a Flatfile record (GET /sheets/{id}/records) that egress reads. */
export interface SheetRecord {
  id: string;
  valid?: boolean;
  values: Record<string, { value?: unknown; messages?: { type?: string; message?: string; field?: string; source?: string }[] } | undefined>;
}

/** One exported cell: what JSON carries as is and CSV writes as text. */
export type Cell = string | number | boolean | string[] | null;
export type Row = Record<string, Cell>;

/** A record's values in column order; absent cells are null so every row has every column. */
export function rowOf(record: SheetRecord, columns: readonly string[]): Row {
  const row: Row = {};
  for (const key of columns) row[key] = cellOf(record.values[key]?.value);
  return row;
}

export function cellOf(value: unknown): Cell {
  if (value === undefined || value === null) return null;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value.map(String);
  return JSON.stringify(value);
}

/**
 * Why a record is invalid, for the partner: one reason per problem, named by field, in column order
 * (`email: expected an email address…; first_name: First name is required, but the cell is empty`). Where our
 * validation hook spoke about a field (source `custom-logic`, which checks type, required and options again and
 * quotes the value), the platform's own messages on that field say the same thing less well and are left out;
 * identical messages are written once.
 */
export function reasonsOf(record: SheetRecord, columns: readonly string[]): string {
  const reasons = reasonListOf(record, columns);
  return reasons.length > 0 ? reasons.join('; ') : 'invalid record (no message given)';
}

/**
 * A rejects file's reasons cell back into its reasons (what `flatfeed run` counts). Reasons are joined with `; `, which
 * a message may hold too (`…(e.g. 1234.56); a feed writing decimal commas…`), so a `; ` separates two reasons only
 * where the next one starts with a name and `: ` — a column of the file (a partner's header may hold spaces) or a
 * name without spaces (a field key, also one the partner's file lacks).
 */
export function splitReasons(cell: string, names: readonly string[]): string[] {
  const known = new Set(names);
  const reasons: string[] = [];
  let start = 0;
  for (let at = cell.indexOf('; '); at !== -1; at = cell.indexOf('; ', at + 2)) {
    const next = cell.slice(at + 2);
    const colon = next.indexOf(': ');
    const name = colon > 0 ? next.slice(0, colon) : undefined;
    if (name === undefined || !(known.has(name) || /^[^\s;]+$/.test(name))) continue;
    reasons.push(cell.slice(start, at));
    start = at + 2;
  }
  reasons.push(cell.slice(start));
  return reasons.filter(Boolean);
}

/** The reasons of {@link reasonsOf}, one entry each. */
export function reasonListOf(record: SheetRecord, columns: readonly string[]): string[] {
  const reasons: string[] = [];
  const keys = [...columns, ...Object.keys(record.values).filter((k) => !columns.includes(k))];
  for (const key of keys) {
    const errors = (record.values[key]?.messages ?? []).filter((m) => (m.type ?? 'error') === 'error' && m.message);
    const ours = errors.some((m) => m.source === 'custom-logic');
    for (const m of errors) {
      if (ours && m.source !== 'custom-logic') continue;
      const reason = `${m.field ?? key}: ${m.message}`;
      if (!reasons.includes(reason)) reasons.push(reason);
    }
  }
  return reasons;
}

/** A reason with its quoted values left out, so records failing the same rule count under one reason. */
export const reasonKind = (reason: string): string => reason.replace(/"(?:[^"\\]|\\.)*"/g, '"…"');

/** The most frequent reasons first (ties by text), at most `limit`. */
export function topReasons(counts: ReadonlyMap<string, number>, limit = 10): { reason: string; count: number }[] {
  return [...counts]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, limit)
    .map(([reason, count]) => ({ reason, count }));
}
