import type { FlatfileApi, FlatfileConnection } from '../flatfile/client.js';
import { FlatfileApiError } from '../flatfile/errors.js';
import { FLATFILE_RETRY } from '../flatfile/gateway-fetcher.js';
import { flatfileRequest } from '../flatfile/transport.js';
import { withRetry } from '../runtime/retry.js';

/** A chunk of records written as the JSON array the insert sends (insert-rows.ts), and how many it holds. */
export interface RecordsChunk {
  /** The JSON text, or its UTF-8 bytes. */
  json: string | Buffer;
  count: number;
}

/**
 * `POST /sheets/{id}/records` with a gzip body, as util-common's createRecords sends it (X-Force-Hooks), through
 * the gateway's raw transport rather than the SDK: native zlib instead of the SDK's JS gzip, and the response —
 * every inserted record echoed back — is discarded unread instead of parsed, which halves the client's CPU and
 * garbage per chunk. The insert is not idempotent: a failure that may have come after the platform committed is
 * thrown (FlatfileApiError.ambiguous) for insertRows to read back before sending again.
 */
export async function postRecords(
  conn: FlatfileConnection,
  sheetId: string,
  records: RecordsChunk,
  fetchImpl: typeof fetch = fetch,
): Promise<void> {
  const res = await flatfileRequest(
    conn,
    { method: 'POST', path: `sheets/${encodeURIComponent(sheetId)}/records`, headers: { 'X-Force-Hooks': 'true' }, jsonText: records.json, gzipLevel: 1 },
    fetchImpl,
  );
  await res.body?.cancel();
}

/**
 * Inserts one chunk exactly once, even when a response is lost after the platform committed it. Flatfile's insert
 * has no idempotency key, so after a failure that may have come after the commit (FlatfileApiError.ambiguous) the
 * sheet is read where the chunk would have landed: the `[file]` sheet is the worker's own and chunks are appended in
 * order (one in flight, the default), so the chunk's records, if committed, are the page `offset / chunkSize + 1`.
 * All there: done. None: sent again. Some: an error no retry can fix.
 */
export async function insertChunkOnce(
  api: Pick<FlatfileApi, 'records'>,
  conn: FlatfileConnection,
  sheetId: string,
  records: RecordsChunk,
  position: { offset: number; chunkSize: number },
  fetchImpl: typeof fetch = fetch,
): Promise<void> {
  await withRetry(
    async () => {
      try {
        await postRecords(conn, sheetId, records, fetchImpl);
      } catch (e) {
        if (!(e instanceof FlatfileApiError) || !e.ambiguous) throw e;
        const present = await recordsAt(api, sheetId, position);
        if (present === records.count) return;
        if (present === 0) throw e;
        throw new Error(
          `insert into sheet ${sheetId} at record ${position.offset}: ${present} of ${records.count} records are there after a lost response; the sheet cannot be trusted`,
          { cause: e },
        );
      }
    },
    { ...(conn.retry ?? FLATFILE_RETRY), retryable: (e) => e instanceof FlatfileApiError && e.transient },
  );
}

async function recordsAt(api: Pick<FlatfileApi, 'records'>, sheetId: string, { offset, chunkSize }: { offset: number; chunkSize: number }): Promise<number> {
  if (offset % chunkSize !== 0) throw new Error(`chunk offset ${offset} is not a multiple of the chunk size ${chunkSize}`);
  const { data } = await api.records.get(sheetId, { pageSize: chunkSize, pageNumber: offset / chunkSize + 1 });
  return data.records.length;
}
