import type { CellIn } from '../store/records.js';
import type { State } from '../store/state.js';
import type { Json, Property, Sheet } from '../types.js';
import { COMMIT_SLICE, type RecordWriter } from '../writes.js';

/** Copies every source record into the destination sheet through the plan's field and enum mappings. */
export function executeMapping(state: State, writer: RecordWriter, plan: Json, source: Sheet, destination: Sheet): number {
  const table = state.table(source.id);
  const edges = ((plan.fieldMapping as Json[] | undefined) ?? []).map((e) => {
    const mapping = ((e.enumDetails as Json | undefined)?.mapping ?? []) as { sourceValue?: unknown; destinationValue?: unknown }[];
    return {
      col: table.column((e.sourceField as Property).key) ?? [],
      key: (e.destinationField as Property).key,
      values: new Map(mapping.filter((m) => m.destinationValue !== undefined).map((m) => [String(m.sourceValue), m.destinationValue])),
    };
  });
  const rows = table.select({});
  for (let at = 0; at < rows.length; at += COMMIT_SLICE) {
    const slice: Record<string, CellIn>[] = [];
    for (let i = at; i < Math.min(rows.length, at + COMMIT_SLICE); i++) {
      const record: Record<string, CellIn> = {};
      for (const e of edges) {
        const v = e.col[rows[i]!];
        if (v === undefined) continue;
        const mapped = e.values.get(String(v));
        record[e.key] = { value: mapped === undefined ? v : mapped };
      }
      slice.push(record);
    }
    writer.insert(destination, slice, { hooks: true });
  }
  return rows.length;
}
