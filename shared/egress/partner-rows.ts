import type { FlatfileConnection } from '../flatfile/client.js';
import { flatfileRequest } from '../flatfile/transport.js';
import { rowLocator, type NumberedRows } from '../normalize/source-rows.js';
import { recordIndices } from './row-numbers.js';
import { cellOf, type Cell, type SheetRecord } from './rows.js';

/** A column of the partner's file: the `[file]` sheet's field, as extraction made it from their header. */
export interface PartnerColumn {
  key: string;
  /** The partner's header (the field's label, else its key). */
  header: string;
}

/** A rejected record as the partner wrote it: its row number (when known) and every cell of their row, in order. */
export interface PartnerRow {
  row?: number;
  cells: Cell[];
}

/**
 * Source records per request. Rejected records are read in sheet order, so their source records are read a page at a
 * time in that order: a few rejects cost a request each, a file that is mostly rejects reads the source sheet once.
 */
export const SOURCE_PAGE_SIZE = 1_000;

/**
 * The partner's own rows of rejected records, every column of their file kept, those the mapping left out too.
 *
 * Flatfile keeps a file's columns on the file's own `[file]` sheet, which extraction filled in file order; the map
 * job copies only mapped columns into the destination sheet (unmapped ones stay behind unless the destination sheet
 * allows additional fields and a person adds them: flatfile.com/docs/guides/accepting-additional-fields). A record's
 * place in the destination sheet (`records/indices`) is its source record's place in the `[file]` sheet — the same
 * assumption the row numbers rest on (row-numbers.ts), and valid only while the destination sheet holds exactly the
 * records extraction created and in the file's order, which egress checks first (run-egress.ts, row-order.ts). So the partner's row is read back from the `[file]` sheet,
 * a page of source records for each stretch of rejects, and never from the file itself (which may be 1 GB).
 */
export function partnerRows(
  conn: FlatfileConnection,
  sheetId: string,
  source: { sheetId: string; columns: readonly PartnerColumn[] },
  rows: NumberedRows | undefined,
  fetchImpl: typeof fetch = fetch,
): (recordIds: string[]) => Promise<Map<string, PartnerRow>> {
  const indices = recordIndices(conn, sheetId, fetchImpl);
  const rowOf = rows ? rowLocator(rows) : undefined;
  // The last page read: rejects come in sheet order, so the next one is most often on it.
  let cached: { page: number; records: SheetRecord[] } | undefined;
  const page = async (n: number): Promise<SheetRecord[]> => {
    if (cached?.page === n) return cached.records;
    const res = await flatfileRequest(
      conn,
      { method: 'GET', path: `sheets/${encodeURIComponent(source.sheetId)}/records`, query: { pageSize: SOURCE_PAGE_SIZE, pageNumber: n + 1 } },
      fetchImpl,
    );
    const body = (await res.json()) as { data?: { records?: unknown } } | null;
    const records = body?.data?.records;
    if (!Array.isArray(records)) throw new Error(`GET records of source sheet ${source.sheetId} page ${n + 1}: response without data.records`);
    cached = { page: n, records: records as SheetRecord[] };
    return cached.records;
  };
  return async (recordIds) => {
    const found = new Map<string, PartnerRow>();
    const places = [...(await indices(recordIds))].sort((a, b) => a[1] - b[1]);
    for (const [id, index] of places) {
      const record = (await page(Math.floor(index / SOURCE_PAGE_SIZE)))[index % SOURCE_PAGE_SIZE];
      if (!record) throw new Error(`source sheet ${source.sheetId} has no record at index ${index} (record ${id} of sheet ${sheetId})`);
      found.set(id, {
        ...(rowOf ? { row: rowOf(index) } : {}),
        cells: source.columns.map((c) => cellOf(record.values[c.key]?.value)),
      });
    }
    return found;
  };
}
