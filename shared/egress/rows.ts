/** The parts of a Flatfile record (GET /sheets/{id}/records) that egress reads. */
export interface SheetRecord {
  id: string;
  valid?: boolean;
  values: Record<string, { value?: unknown; messages?: { type?: string; message?: string; field?: string }[] } | undefined>;
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
 * Why a record is invalid, for the partner: every error message, named by field, in column order
 * (`email: must be an email address; first_name: is required`).
 */
export function reasonsOf(record: SheetRecord, columns: readonly string[]): string {
  const reasons: string[] = [];
  const keys = [...columns, ...Object.keys(record.values).filter((k) => !columns.includes(k))];
  for (const key of keys) {
    for (const m of record.values[key]?.messages ?? []) {
      if ((m.type ?? 'error') === 'error' && m.message) reasons.push(`${m.field ?? key}: ${m.message}`);
    }
  }
  return reasons.length > 0 ? reasons.join('; ') : 'invalid record (no message given)';
}
