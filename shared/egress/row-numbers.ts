import type { FlatfileConnection } from '../flatfile/client.js';
import { flatfileRequest } from '../flatfile/transport.js';
import { rowLocator, type NumberedRows } from '../normalize/source-rows.js';

/** Ids per `records/indices` request (the API's limit). */
const IDS_PER_REQUEST = 100;

/**
 * The partner's row number of records of a run's sheet: where each record stands in the sheet
 * (`GET /sheets/{id}/records/indices`, the whole sheet in its own order) is its place in the file, because
 * extraction creates records in file order and (checked, row-order.ts) the mapping job copied them in that order; the
 * file's rows (normalize/source-rows.ts) turn that place into the row the partner sees. Only valid while the sheet
 * holds exactly the records extraction created (egress checks the count first).
 */
export function rowNumbers(
  conn: FlatfileConnection,
  sheetId: string,
  rows: NumberedRows,
  fetchImpl: typeof fetch = fetch,
): (recordIds: string[]) => Promise<Map<string, number>> {
  const indices = recordIndices(conn, sheetId, fetchImpl);
  const rowOf = rowLocator(rows);
  return async (recordIds) => {
    const found = new Map<string, number>();
    for (const [id, index] of await indices(recordIds)) found.set(id, rowOf(index));
    return found;
  };
}

/** Where records stand in their sheet, in its own order (0-based): `GET /sheets/{id}/records/indices`. */
export function recordIndices(
  conn: FlatfileConnection,
  sheetId: string,
  fetchImpl: typeof fetch = fetch,
): (recordIds: string[]) => Promise<Map<string, number>> {
  return async (recordIds) => {
    const found = new Map<string, number>();
    for (let at = 0; at < recordIds.length; at += IDS_PER_REQUEST) {
      const ids = recordIds.slice(at, at + IDS_PER_REQUEST);
      const res = await flatfileRequest(conn, { method: 'GET', path: `sheets/${encodeURIComponent(sheetId)}/records/indices`, query: { ids } }, fetchImpl);
      const body = (await res.json()) as unknown;
      // The SDK reads the bare array; a `{data: [...]}` envelope is read too rather than trusted to never appear.
      const list = Array.isArray(body) ? body : (body as { data?: unknown } | null)?.data;
      if (!Array.isArray(list)) throw new Error(`GET records/indices of sheet ${sheetId}: response is not a list`);
      for (const item of list as { id?: unknown; index?: unknown }[]) {
        if (typeof item?.id === 'string' && typeof item.index === 'number' && item.index >= 0) found.set(item.id, item.index);
      }
    }
    return found;
  };
}
