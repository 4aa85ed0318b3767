import { flatfileBaseUrl, type FlatfileConnection } from '../flatfile/client.js';
import type { SheetRecord } from './rows.js';

export interface PageQuery {
  pageSize: number;
  /** Only records changed after this commit (incremental export); every record when absent. */
  sinceCommitId?: string;
}

/** An HTTP failure with the status `isRetryable` looks at (429 and 5xx are retried). */
export class RecordsReadError extends Error {
  override readonly name = 'RecordsReadError';
  constructor(
    message: string,
    readonly statusCode: number,
  ) {
    super(message);
  }
}

/**
 * One page of `GET /sheets/{id}/records`, read with fetch rather than `api.records.get`: the SDK runs every record
 * of the response through its schema layer, which costs ~150 µs per record (1.5 s per 10,000-record page here),
 * far more than the request itself. Same endpoint, query and auth; only the response is taken as plain JSON.
 */
export async function fetchRecordsPage(
  connection: FlatfileConnection,
  sheetId: string,
  query: PageQuery,
  pageNumber: number,
): Promise<SheetRecord[]> {
  const base = flatfileBaseUrl(connection.apiUrl);
  const url = new URL(`${base}/sheets/${encodeURIComponent(sheetId)}/records`);
  url.searchParams.set('pageSize', String(query.pageSize));
  url.searchParams.set('pageNumber', String(pageNumber));
  if (query.sinceCommitId) url.searchParams.set('sinceCommitId', query.sinceCommitId);
  const res = await fetch(url, { headers: { authorization: `Bearer ${connection.token}`, accept: 'application/json' }, signal: AbortSignal.timeout(60_000) });
  if (!res.ok) throw new RecordsReadError(`GET records of sheet ${sheetId} page ${pageNumber}: HTTP ${res.status} ${(await res.text()).slice(0, 300)}`, res.status);
  const body = (await res.json()) as { data?: { records?: SheetRecord[] } };
  if (!Array.isArray(body.data?.records)) throw new Error(`GET records of sheet ${sheetId}: response without data.records`);
  return body.data.records;
}

/**
 * The sheet's records page by page (1-based `pageNumber`), the next page fetched while the caller writes the current
 * one, so at most two pages are ever held. A page shorter than `pageSize` is the last: the deprecated
 * `includeCounts` is not needed to know where the sheet ends.
 */
export async function* recordPages(
  connection: FlatfileConnection,
  sheetId: string,
  query: PageQuery,
  call: <T>(fn: () => Promise<T>) => Promise<T>,
): AsyncGenerator<SheetRecord[]> {
  const fetchPage = (pageNumber: number) => {
    const page = call(() => fetchRecordsPage(connection, sheetId, query, pageNumber));
    // The caller may stop before awaiting a prefetched page; its failure then must not crash the process.
    page.catch(() => undefined);
    return page;
  };
  let next = fetchPage(1);
  for (let pageNumber = 1; ; pageNumber++) {
    const records = await next;
    const more = records.length === query.pageSize;
    if (more) next = fetchPage(pageNumber + 1);
    if (records.length > 0) yield records;
    if (!more) return;
  }
}
