import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { TransientError } from '../errors/index.js';
import type { FlatfileConnection } from '../flatfile/client.js';
import type { RecordUpdate, SheetRecord } from './types.js';

const gzipAsync = promisify(gzip);

/**
 * Pages through the records of one commit (`GET /v1/sheets/{id}/records?commitId=…`, messages included) until a short
 * page; one page in memory at a time. Read with fetch and JSON.parse, not the SDK: the SDK runs every record of a
 * page through its response schema, which at 200,000 records cost 17.5 of the functions' 47 busy CPU seconds and
 * most of their 9.6 s of garbage collection (node --cpu-prof, bench e2e).
 */
export async function* commitPages(
  conn: FlatfileConnection,
  sheetId: string,
  commitId: string,
  pageSize: number,
  call: <T>(fn: () => Promise<T>) => Promise<T>,
  fetchImpl: typeof fetch = fetch,
): AsyncGenerator<SheetRecord[]> {
  const base = `${baseUrl(conn)}/v1/sheets/${encodeURIComponent(sheetId)}/records?commitId=${encodeURIComponent(commitId)}&includeMessages=true&pageSize=${pageSize}`;
  for (let pageNumber = 1; ; pageNumber++) {
    const records = await call(async () => {
      const res = await fetchImpl(`${base}&pageNumber=${pageNumber}`, { headers: { Authorization: `Bearer ${conn.token}` } });
      if (!res.ok) throw failure(`GET records of sheet ${sheetId} (commit ${commitId}, page ${pageNumber})`, res.status, await res.text());
      return ((await res.json()) as { data: { records: SheetRecord[] } }).data.records;
    });
    if (records.length > 0) yield records;
    if (records.length < pageSize) return;
  }
}

/**
 * `PUT /v1/sheets/{id}/records?commitId=…`, gzipped, as Flatfile's record hook writes back. The SDK cannot send the
 * `commitId` query parameter on updates, and referencing the commit is what tells the platform this write is the
 * commit's own processing (it completes the commit rather than starting another hook round).
 */
export async function putRecords(
  conn: FlatfileConnection,
  sheetId: string,
  commitId: string,
  records: RecordUpdate[],
  fetchImpl: typeof fetch = fetch,
): Promise<void> {
  const url = `${baseUrl(conn)}/v1/sheets/${encodeURIComponent(sheetId)}/records?commitId=${encodeURIComponent(commitId)}`;
  const res = await fetchImpl(url, {
    method: 'PUT',
    headers: { Authorization: `Bearer ${conn.token}`, 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' },
    body: await gzipAsync(JSON.stringify(records)),
  });
  // 304: the platform found nothing to change (someone wrote the same thing first).
  if (res.ok || res.status === 304) return;
  throw failure(`PUT records of sheet ${sheetId} (commit ${commitId})`, res.status, await res.text());
}

const baseUrl = (conn: FlatfileConnection) => (conn.apiUrl ?? 'https://platform.flatfile.com/api').replace(/\/+$/, '');

/** Throttling, timeouts and server errors are worth another try; anything else is not. */
function failure(what: string, status: number, text: string): Error {
  const message = `${what} failed with ${status}: ${text.slice(0, 500)}`;
  return status === 408 || status === 429 || status >= 500 ? new TransientError(message) : new Error(message);
}
