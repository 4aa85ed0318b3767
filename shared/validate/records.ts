import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { Flatfile } from '@flatfile/api';
import { TransientError } from '../errors/index.js';
import type { FlatfileApi, FlatfileConnection } from '../flatfile/client.js';
import type { RecordUpdate, SheetRecord } from './types.js';

const gzipAsync = promisify(gzip);

/** Flatfile's cap on `ids` per records request. */
export const MAX_IDS = 100;

/** Pages through a records query (`commitId`, `fields`, `ids`…) until a short page; one page in memory at a time. */
export async function* recordPages(
  api: FlatfileApi,
  sheetId: string,
  query: Omit<Flatfile.GetRecordsRequest, 'pageNumber' | 'pageSize'>,
  pageSize: number,
): AsyncGenerator<SheetRecord[]> {
  for (let pageNumber = 1; ; pageNumber++) {
    const { data } = await api.records.get(sheetId, { ...query, includeMessages: true, pageSize, pageNumber });
    const records = data.records as unknown as SheetRecord[];
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
  const base = (conn.apiUrl ?? 'https://platform.flatfile.com/api').replace(/\/+$/, '');
  const url = `${base}/v1/sheets/${encodeURIComponent(sheetId)}/records?commitId=${encodeURIComponent(commitId)}`;
  const res = await fetchImpl(url, {
    method: 'PUT',
    headers: { Authorization: `Bearer ${conn.token}`, 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' },
    body: await gzipAsync(JSON.stringify(records)),
  });
  // 304: the platform found nothing to change (someone wrote the same thing first).
  if (res.ok || res.status === 304) return;
  const text = (await res.text()).slice(0, 500);
  const message = `PUT records of sheet ${sheetId} (commit ${commitId}) failed with ${res.status}: ${text}`;
  if (res.status === 408 || res.status === 429 || res.status >= 500) throw new TransientError(message);
  throw new Error(message);
}
