import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { FlatfileConnection } from '../flatfile/client.js';
import { flatfileRequest } from '../flatfile/transport.js';

/**
 * `GET /files/{id}/download` as a Node stream that reads the socket only as fast as the extraction takes the bytes.
 * The SDK's `files.download` cannot: its stream wrapper's pipe() writes every chunk as it arrives and ignores what
 * write() returns, so while the inserts waited on the API the rest of the file piled up in memory — at 1M rows the
 * whole 250 MB JSONL file, the functions' 773 MiB peak, and a parse that ran further and further behind the buffer.
 */
export async function downloadFile(conn: FlatfileConnection, fileId: string, fetchImpl: typeof fetch = fetch): Promise<Readable> {
  const res = await flatfileRequest(conn, { method: 'GET', path: `files/${encodeURIComponent(fileId)}/download`, streamBody: true }, fetchImpl);
  if (!res.body) return Readable.from([]);
  return Readable.fromWeb(res.body as WebReadableStream<Uint8Array>);
}
