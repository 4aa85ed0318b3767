import type { Flatfile } from '@flatfile/api';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { TransientError } from '../errors/index.js';
import type { FlatfileConnection } from '../flatfile/client.js';

const gzipAsync = promisify(gzip);

/**
 * `POST /sheets/{id}/records` with a gzip body, as util-common's createRecords sends it (X-Force-Hooks), through
 * fetch rather than the SDK: native zlib instead of the SDK's JS gzip, and the response — every inserted record
 * echoed back — is discarded unread instead of parsed, which halves the client's CPU and garbage per chunk.
 */
export async function postRecords(
  conn: FlatfileConnection,
  sheetId: string,
  records: Flatfile.RecordData[],
  fetchImpl: typeof fetch = fetch,
): Promise<void> {
  const base = (conn.apiUrl ?? 'https://platform.flatfile.com/api').replace(/\/+$/, '');
  const res = await fetchImpl(`${base}/v1/sheets/${encodeURIComponent(sheetId)}/records`, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${conn.token}`,
      'Content-Type': 'application/json',
      'Content-Encoding': 'gzip',
      'X-Force-Hooks': 'true',
    },
    body: await gzipAsync(JSON.stringify(records)),
  });
  if (res.ok) {
    await res.body?.cancel();
    return;
  }
  const message = `POST records to sheet ${sheetId} failed with ${res.status}: ${(await res.text()).slice(0, 500)}`;
  if (res.status === 408 || res.status === 429 || res.status >= 500) throw new TransientError(message);
  throw new Error(message);
}
