import type { Feed } from '../manifest/index.js';
import type { FlatfileConnection } from '../flatfile/client.js';
import { flatfileRequest } from '../flatfile/transport.js';
import { compileTransforms } from '../validate/rules.js';
import type { EgressApi } from './flatfile-resources.js';
import type { SheetRecord } from './rows.js';

/** Places of the destination sheet compared with the same places of the extracted sheet. */
export const ORDER_SAMPLES = 8;

/**
 * Whether the run's destination sheet holds its records in the order of the file, checked before any row number is
 * written. Row numbers stand on the place of a record in the destination sheet; the platform documents that inserts
 * keep their order (changelog 2024-12-20), which makes the extracted (`[file]`) sheet the file's order, but not that
 * the mapping job copies in that order (docs/flatfile.md). So the records at a few places spread over both sheets
 * (first, last, between) are read and compared through the executed plan: each text field mapped from a source
 * column must hold that column's value, after the field's manifest transforms (our hook applies them). One place
 * that disagrees means the order is not the file's: `undefined` means in order (or nothing to compare, where no text
 * field is mapped), a string says what was found. A value changed after the mapping (feed hooks, a person in review)
 * disagrees too: numbers are then left out although the order may be right, the safe side. 2 + 2 × {@link ORDER_SAMPLES} requests per run with rejects.
 */
export async function orderMismatch(
  api: Pick<EgressApi, 'jobs'>,
  conn: FlatfileConnection,
  feed: Feed,
  mapJobId: string,
  destinationSheetId: string,
  total: number,
  call: <T>(fn: () => Promise<T>) => Promise<T>,
  fetchImpl: typeof fetch = fetch,
): Promise<string | undefined> {
  const { data: job } = await call(() => api.jobs.get(mapJobId));
  const sourceSheetId = (job.config as { sourceSheetId?: unknown } | undefined)?.sourceSheetId;
  if (typeof sourceSheetId !== 'string' || total === 0) return undefined;
  const { data } = await call(() => api.jobs.getExecutionPlan(mapJobId));
  const text = new Map(feed.fields.filter((f) => f.type === 'string').map((f) => [f.key, compileTransforms(f.transform) ?? ((s: string) => s)]));
  const edges = data.plan.fieldMapping
    .filter((e) => text.has(e.destinationField.key) && !(e.enumDetails?.mapping?.length))
    .map((e) => ({ from: e.sourceField.key, to: e.destinationField.key, transform: text.get(e.destinationField.key)! }));
  if (edges.length === 0) return undefined;

  const places = [...new Set(Array.from({ length: ORDER_SAMPLES }, (_, i) => Math.round((i * (total - 1)) / (ORDER_SAMPLES - 1))))];
  for (const place of places) {
    const [source, destination] = await Promise.all([recordAt(conn, sourceSheetId, place, fetchImpl), recordAt(conn, destinationSheetId, place, fetchImpl)]);
    if (!source || !destination) return `record ${place + 1} of the destination sheet or of the file's sheet could not be read`;
    for (const e of edges) {
      const raw = source.values[e.from]?.value;
      const mapped = destination.values[e.to]?.value;
      if (typeof raw !== 'string' || typeof mapped !== 'string' || raw === '' || mapped === '') continue;
      if (e.transform(raw) !== mapped) {
        return `record ${place + 1} of the destination sheet does not hold record ${place + 1} of the file (${e.to} holds ${JSON.stringify(mapped)}, the file's ${JSON.stringify(raw)}): Flatfile's mapping did not keep the file's order, or the value was changed after it (a feed hook, a person)`;
      }
    }
  }
  return undefined;
}

/** The record at a 0-based place of a sheet in its default order. */
async function recordAt(conn: FlatfileConnection, sheetId: string, place: number, fetchImpl: typeof fetch): Promise<SheetRecord | undefined> {
  const res = await flatfileRequest(conn, { method: 'GET', path: `sheets/${encodeURIComponent(sheetId)}/records`, query: { pageSize: '1', pageNumber: String(place + 1) } }, fetchImpl);
  const body = (await res.json()) as { data?: { records?: SheetRecord[] } };
  return body.data?.records?.[0];
}
