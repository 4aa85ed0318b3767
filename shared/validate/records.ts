import type { FlatfileConnection } from '../flatfile/client.js';
import { flatfileRequest } from '../flatfile/transport.js';
import type { RecordUpdate, SheetRecord } from './types.js';

/**
 * Pages through the records of one commit (`GET /v1/sheets/{id}/records?commitId=…`, messages included) until a short
 * page; one page in memory at a time. Read through the gateway's raw transport and JSON.parse, not the SDK: the SDK
 * runs every record of a page through its response schema, which at 200,000 records cost 17.5 of the functions' 47
 * busy CPU seconds and most of their 9.6 s of garbage collection (node --cpu-prof, bench e2e). A GET: the transport
 * retries it.
 */
export async function* commitPages(
  conn: FlatfileConnection,
  sheetId: string,
  commitId: string,
  pageSize: number,
  fetchImpl: typeof fetch = fetch,
): AsyncGenerator<SheetRecord[]> {
  for (let pageNumber = 1; ; pageNumber++) {
    const res = await flatfileRequest(
      conn,
      { method: 'GET', path: `sheets/${encodeURIComponent(sheetId)}/records`, query: { commitId, includeMessages: true, pageSize, pageNumber } },
      fetchImpl,
    );
    const records = ((await res.json()) as { data: { records: SheetRecord[] } }).data.records;
    if (records.length > 0) yield records;
    if (records.length < pageSize) return;
  }
}

/**
 * `PUT /v1/sheets/{id}/records?commitId=…`, gzipped, as Flatfile's record hook writes back, through the gateway's raw
 * transport. The SDK cannot send the `commitId` query parameter on updates, and referencing the commit is what tells
 * the platform this write is the commit's own processing (it completes the commit rather than starting another hook
 * round). A PUT is idempotent: the transport retries it. 304: the platform found nothing to change.
 */
export async function putRecords(
  conn: FlatfileConnection,
  sheetId: string,
  commitId: string,
  records: RecordUpdate[],
  fetchImpl: typeof fetch = fetch,
): Promise<void> {
  const res = await flatfileRequest(
    conn,
    { method: 'PUT', path: `sheets/${encodeURIComponent(sheetId)}/records`, query: { commitId }, json: records },
    fetchImpl,
  );
  await res.body?.cancel();
}
