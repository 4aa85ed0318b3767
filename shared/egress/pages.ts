import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { flatfileUrl } from '../flatfile/base-url.js';
import type { FlatfileConnection } from '../flatfile/client.js';
import { FlatfileApiError, parseRetryAfter } from '../flatfile/errors.js';
import { FLATFILE_RETRY, retryableFor } from '../flatfile/gateway-fetcher.js';
import { withRetry } from '../runtime/retry.js';

export interface PageQuery {
  pageSize: number;
  /** Valid records (v2 JSON Lines, values only) or invalid ones (v1 records, with their messages). */
  filter: 'valid' | 'error';
  /** Only records changed after this commit (incremental export); every record when absent. */
  sinceCommitId?: string;
}

/** Pages that do not page as asked: retrying cannot help, and going on would export records twice. */
export class PagingError extends Error {
  override readonly name = 'PagingError';
}

/**
 * One page of a sheet's records, read over plain HTTP as bytes for the page readers, rather than through the SDK:
 * `api.records.get` runs every record through its schema layer (~150 µs per record, 1.5 s per 10,000-record page
 * here) and `records.v2.getRawStreaming` yields records one promise at a time; fetch's web-stream body alone costs
 * ~2.5 µs per record of CPU. Same endpoints, queries and auth as the SDK's.
 *
 * Valid records come from the v2 endpoint (`/v2-alpha/records.jsonl`, what `records.v2` reads): flat JSON Lines,
 * a third of the bytes of v1 records, whose cells carry validity and messages that valid records do not need.
 * Invalid records come from v1 (`GET /sheets/{id}/records?filter=error`), whose messages are the rejects' reasons.
 */
export async function fetchRecordsPage(
  connection: FlatfileConnection,
  sheetId: string,
  query: PageQuery,
  pageNumber: number,
  pool = new BufferPool(),
): Promise<Page> {
  const url =
    query.filter === 'valid'
      ? flatfileUrl(connection.apiUrl, 'v2-alpha/records.jsonl', { stream: true, noContext: true, sheetId })
      : flatfileUrl(connection.apiUrl, `sheets/${encodeURIComponent(sheetId)}/records`, { includeMessages: true });
  url.searchParams.set('filter', query.filter);
  url.searchParams.set('pageSize', String(query.pageSize));
  url.searchParams.set('pageNumber', String(pageNumber));
  if (query.sinceCommitId) url.searchParams.set('sinceCommitId', query.sinceCommitId);
  const accept = query.filter === 'valid' ? 'application/jsonl' : 'application/json';
  const headers = { authorization: `Bearer ${connection.token}`, accept, 'accept-encoding': 'gzip, deflate, br' };
  // A GET is safe to repeat: the gateway's policy retries it (throttling, 5xx, dropped connections).
  return withRetry(
    async () => {
      let res: { status: number; retryAfter?: string } & Page;
      try {
        res = await get(url, headers, 60_000, pool);
      } catch (e) {
        const timeout = (e as Error)?.name === 'TimeoutError' || (e as Error)?.name === 'AbortError';
        throw new FlatfileApiError(`GET ${url.pathname} ${timeout ? 'timed out' : `failed: ${(e as Error)?.message ?? String(e)}`}`, undefined, {
          code: timeout ? 'timeout' : 'network',
          cause: e,
        });
      }
      if (res.status >= 200 && res.status <= 299) return res;
      const text = res.body.toString('utf8', 0, Math.min(res.body.length, 300));
      res.release();
      const retryAfterMs = parseRetryAfter(res.retryAfter);
      throw new FlatfileApiError(`GET ${query.filter} records of sheet ${sheetId} page ${pageNumber}: HTTP ${res.status} ${text}`, res.status, {
        ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
      });
    },
    { ...(connection.retry ?? FLATFILE_RETRY), retryable: retryableFor('GET', url.href) },
  );
}

/** A page's bytes, valid until `release()` hands their buffer back for a later page. */
export interface Page {
  body: Buffer;
  release(): void;
}

/**
 * Buffers for page bodies, reused: a few megabytes allocated afresh for every page would keep the garbage collector
 * busy with memory that is only ever held a page or two at a time.
 */
export class BufferPool {
  private readonly free: Buffer[] = [];

  take(min: number): Buffer {
    const i = this.free.findIndex((b) => b.length >= min);
    // Whole MiBs: pages of one read differ by a few bytes, and a buffer a byte too small for the next would be dropped
    // for a new one (2.9 MB pages of the 1M-record bench: a new buffer every few pages).
    return i >= 0 ? this.free.splice(i, 1)[0]! : Buffer.allocUnsafeSlow(Math.ceil(Math.max(min, 1) / MIB) * MIB);
  }

  give(buffer: Buffer): void {
    if (this.free.length < 4) this.free.push(buffer);
  }
}

const MIB = 1 << 20;

const agents = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) };

/**
 * A GET whose whole body is collected as bytes (decompressed as fetch would) into a buffer from `pool`; fails after
 * `timeoutMs` in all.
 */
function get(url: URL, headers: Record<string, string>, timeoutMs: number, pool: BufferPool): Promise<{ status: number; retryAfter?: string } & Page> {
  const https = url.protocol === 'https:';
  return new Promise((resolve, reject) => {
    const req = (https ? httpsRequest : httpRequest)(
      url,
      { headers, agent: https ? agents.https : agents.http, signal: AbortSignal.timeout(timeoutMs) },
      (res) => {
        const body = decoded(res);
        const declared = body === res ? Number(res.headers['content-length'] ?? 0) : 0;
        let buf = pool.take(declared || 1);
        let length = 0;
        body.on('data', (chunk: Buffer) => {
          if (length + chunk.length > buf.length) {
            const bigger = pool.take(Math.max(buf.length * 2, length + chunk.length));
            buf.copy(bigger, 0, 0, length);
            pool.give(buf);
            buf = bigger;
          }
          chunk.copy(buf, length);
          length += chunk.length;
        });
        body.once('end', () => {
          const retryAfter = res.headers['retry-after'];
          resolve({ status: res.statusCode ?? 0, ...(retryAfter ? { retryAfter } : {}), body: buf.subarray(0, length), release: () => pool.give(buf) });
        });
        body.once('error', reject);
        if (body !== res) res.once('error', reject);
      },
    );
    req.once('error', reject);
    req.end();
  });
}

function decoded(res: IncomingMessage): Readable {
  const encoding = String(res.headers['content-encoding'] ?? '').trim().toLowerCase();
  if (encoding === 'gzip' || encoding === 'x-gzip') return res.pipe(createGunzip());
  if (encoding === 'deflate') return res.pipe(createInflate());
  if (encoding === 'br') return res.pipe(createBrotliDecompress());
  return res;
}

/**
 * Hands the sheet's pages (1-based `pageNumber`) to `handle` in order, fetching ahead while it works, so at most
 * `1 + ahead` pages are held (two ahead: Flatfile prepares one while the other is in transit). `handle` answers how
 * many records the page held (one shorter than `pageSize` is the last: the deprecated `includeCounts` is not needed
 * to know where the sheet ends) and its first record's id. The count is only known once a page is read, so the pages
 * after it are asked for before; after the last page those requests are dropped unread. A page's bytes are reused
 * once `handle` settles: it must copy out what it keeps.
 */
export async function forEachPage(
  connection: FlatfileConnection,
  sheetId: string,
  query: PageQuery,
  call: <T>(fn: () => Promise<T>) => Promise<T>,
  handle: (body: Buffer, pageNumber: number) => Promise<{ count: number; firstId: string | undefined }>,
  ahead = 2,
): Promise<void> {
  const inFlight: Promise<Page>[] = [];
  const pool = new BufferPool();
  let requested = 0;
  const request = () => {
    const pageNumber = ++requested;
    const page = call(() => fetchRecordsPage(connection, sheetId, query, pageNumber, pool));
    // A page fetched ahead may never be awaited (the one before was the last, or the export failed): its failure
    // then must not crash the process.
    page.catch(() => undefined);
    inFlight.push(page);
  };
  let previousFirstId: string | undefined;
  for (let pageNumber = 1; ; pageNumber++) {
    while (inFlight.length < 1 + ahead) request();
    const page = await inFlight.shift()!;
    try {
      const { count, firstId } = await handle(page.body, pageNumber);
      // A server that does not page would have every record exported again for every page asked for: stop instead.
      const what = `GET ${query.filter} records of sheet ${sheetId} page ${pageNumber}`;
      if (count > query.pageSize) throw new PagingError(`${what}: ${count} records for a page of ${query.pageSize}; the server is not paging`);
      if (firstId !== undefined && firstId === previousFirstId) {
        throw new PagingError(`${what}: starts with the same record (${firstId}) as page ${pageNumber - 1}; the server ignores pageNumber`);
      }
      previousFirstId = firstId;
      if (count < query.pageSize) return;
    } finally {
      // Whatever `handle` keeps of a page it has copied out of it.
      page.release();
    }
  }
}
