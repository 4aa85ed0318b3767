import { prng } from '../faults.js';
import type { CellIn } from '../store/records.js';
import type { State } from '../store/state.js';
import type { Json, Property, Sheet } from '../types.js';
import { COMMIT_SLICE, type RecordWriter } from '../writes.js';

/**
 * Copies every source record into the destination sheet through the plan's field and enum mappings, one commit per
 * 10,000 rows, calling `afterSlice` with the records written so far (the job acks its progress there and lets other
 * work in, as the platform's mapping runs beside everything else). The rows go over column by column (RecordWriter's
 * ColumnBatch) when every mapped field is a field of the destination sheet: an object per record and per cell cost the
 * emulator 13 short-lived objects a row, garbage collected at 1M rows. `resume`: the rows already in the destination
 * were written by this job before a restart; it goes on after them instead of writing them twice.
 */
/** The order a mapping job writes the destination sheet in: the source sheet's, or a seeded shuffle of it. */
export type MappingOrder = 'file' | 'shuffled';

export async function executeMapping(
  state: State,
  writer: RecordWriter,
  plan: Json,
  source: Sheet,
  destination: Sheet,
  afterSlice: (done: number, total: number) => Promise<void>,
  resume = false,
  order: MappingOrder = 'file',
): Promise<number> {
  const table = state.table(source.id);
  const edges = ((plan.fieldMapping as Json[] | undefined) ?? []).map((e) => {
    const mapping = ((e.enumDetails as Json | undefined)?.mapping ?? []) as { sourceValue?: unknown; destinationValue?: unknown }[];
    return {
      col: table.column((e.sourceField as Property).key) ?? [],
      key: (e.destinationField as Property).key,
      values: new Map(mapping.filter((m) => m.destinationValue !== undefined).map((m) => [String(m.sourceValue), m.destinationValue])),
    };
  });
  const mapped = (e: (typeof edges)[number], v: unknown): unknown => {
    if (e.values.size === 0) return v;
    const to = e.values.get(String(v));
    return to === undefined ? v : to;
  };
  const rows = order === 'shuffled' ? shuffled(table.select({})) : table.select({});
  const keys = destination.config.fields.map((f) => f.key);
  const slot = edges.map((e) => keys.indexOf(e.key));
  const columnWise = slot.every((s) => s >= 0);
  const from = resume ? Math.min(rows.length, state.table(destination.id).total) : 0;
  await afterSlice(from, rows.length);
  for (let at = from; at < rows.length; at += COMMIT_SLICE) {
    const end = Math.min(rows.length, at + COMMIT_SLICE);
    if (columnWise) {
      const columns: unknown[][] = keys.map(() => new Array<unknown>(end - at));
      edges.forEach((e, j) => {
        const out = columns[slot[j]!]!;
        for (let i = at; i < end; i++) {
          const v = e.col[rows[i]!];
          // A later edge to the same field wins only where it has a value, as with one record object per row.
          if (v !== undefined) out[i - at] = mapped(e, v) ?? undefined;
        }
      });
      writer.insert(destination, { count: end - at, columns }, { hooks: true });
      await afterSlice(end, rows.length);
      continue;
    }
    const slice: Record<string, CellIn>[] = [];
    for (let i = at; i < end; i++) {
      const record: Record<string, CellIn> = {};
      for (const e of edges) {
        const v = e.col[rows[i]!];
        if (v === undefined) continue;
        record[e.key] = { value: mapped(e, v) };
      }
      slice.push(record);
    }
    writer.insert(destination, slice, { hooks: true });
    await afterSlice(end, rows.length);
  }
  return rows.length;
}

/** Fisher-Yates with a PRNG seeded by the length: the same rows always come out in the same order. */
function shuffled(rows: Int32Array): Int32Array {
  const out = Int32Array.from(rows);
  const random = prng(out.length);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
