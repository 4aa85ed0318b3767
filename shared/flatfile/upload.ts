import { randomBytes } from 'node:crypto';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Flatfile } from '@flatfile/api';
import { flatfileUrl } from './base-url.js';
import type { FlatfileConnection } from './client.js';
import { codeOfStatus, FlatfileApiError, parseRetryAfter } from './errors.js';
import { flatfileRequest } from './transport.js';

/** Token and base URL (any form base-url.ts accepts). */
export type UploadTarget = Pick<FlatfileConnection, 'token' | 'apiUrl'>;

export interface UploadRequest {
  spaceId: string;
  environmentId: string;
  name: string;
  mode?: 'import' | 'export';
}

/**
 * POST /v1/files as a streamed multipart body (the gateway's raw transport for uploads; not retried here: a stream
 * cannot be replayed, so ingress re-reads the object instead). `@flatfile/api`'s files.upload holds the whole body in memory on
 * Node (peak RSS grows with the file: measured 245 MB for 100 MB, 540 MB for 400 MB), which breaks ingress's flat
 * memory promise; this sends the same request with back-pressure from the source stream to the socket.
 */
export async function uploadFile(target: UploadTarget, request: UploadRequest, body: Readable): Promise<Flatfile.File_> {
  const boundary = `----flatfeed${randomBytes(12).toString('hex')}`;
  const field = (name: string, value: string) =>
    `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
  const head =
    field('spaceId', request.spaceId) +
    field('environmentId', request.environmentId) +
    field('mode', request.mode ?? 'import') +
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${quoteName(request.name)}"\r\n` +
    'Content-Type: application/octet-stream\r\n\r\n';
  const tail = `\r\n--${boundary}--\r\n`;

  const url = flatfileUrl(target.apiUrl, 'files');
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  const req = send(url, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${target.token}`,
      'content-type': `multipart/form-data; boundary=${boundary}`,
      'transfer-encoding': 'chunked',
    },
  });
  const response = new Promise<IncomingMessage>((resolve, reject) => {
    req.once('response', resolve);
    req.once('error', reject);
  });
  response.catch(() => undefined); // when the body fails first, that failure is the one reported below
  async function* parts(): AsyncGenerator<Buffer> {
    yield Buffer.from(head);
    for await (const chunk of body) yield chunk as Buffer;
    yield Buffer.from(tail);
  }
  try {
    // pipeline waits for the socket to drain before pulling more: memory stays flat whatever the file size.
    await pipeline(Readable.from(parts(), { objectMode: false }), req);
  } catch (e) {
    req.destroy();
    // A body that failed mid-stream (truncated gzip, zip bomb) is the cause worth reporting, not the socket error.
    const failed = (body as { errored?: unknown }).errored;
    if (failed) throw failed;
    throw new FlatfileApiError(`upload of "${request.name}" failed: ${(e as Error)?.message ?? String(e)}`, undefined, { code: 'network', cause: e });
  }
  const res = await response.catch((e: unknown) => {
    throw new FlatfileApiError(`upload of "${request.name}" failed: ${(e as Error)?.message ?? String(e)}`, undefined, { code: 'network', cause: e });
  });
  const text = await textOf(res);
  if (!res.statusCode || res.statusCode >= 300) {
    const retryAfterMs = parseRetryAfter(res.headers['retry-after']);
    throw new FlatfileApiError(`upload of "${request.name}" failed: HTTP ${res.statusCode} ${text.slice(0, 300)}`, res.statusCode, {
      code: codeOfStatus(res.statusCode),
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    });
  }
  return (JSON.parse(text) as { data: Flatfile.File_ }).data;
}

/**
 * `uploadFile`, once even when the response is lost after the platform stored the file: after an ambiguous failure
 * the Space's files are listed and an import of the same name and size, created since this upload began and not
 * `claimed` by another run, is taken as this upload's (an upload carries no field of ours to mark it with). Only
 * when none is there is the failure thrown (ingress then reads the object again and uploads anew).
 */
export async function uploadFileOnce(
  target: UploadTarget & Pick<FlatfileConnection, 'retry'>,
  request: UploadRequest,
  body: Readable,
  claimed: (fileId: string) => Promise<boolean>,
): Promise<Flatfile.File_> {
  const began = Date.now() - 1_000; // the platform's clock may be a little behind ours
  let sent = 0;
  const counted = body.pipe(
    new Transform({
      transform(chunk: Buffer, _enc, done) {
        sent += chunk.length;
        done(null, chunk);
      },
    }),
  );
  body.once('error', (e) => counted.destroy(e));
  try {
    return await uploadFile(target, request, counted);
  } catch (e) {
    if (!(e instanceof FlatfileApiError) || !e.ambiguous) throw e;
    // Through the raw transport: ingress builds no Files client for this one read (bundle size, import time).
    const res = await flatfileRequest(target, { method: 'GET', path: 'files', query: { spaceId: request.spaceId, mode: request.mode ?? 'import', pageSize: 100 } });
    const { data } = (await res.json()) as { data: Flatfile.File_[] };
    for (const f of data) {
      if (f.name !== request.name || new Date(f.createdAt).getTime() < began || f.size !== sent) continue;
      if (!(await claimed(f.id))) return f;
    }
    throw e;
  }
}

async function textOf(res: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of res) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Quotes a file name for a Content-Disposition parameter; UTF-8 is sent as is, as browsers do. */
function quoteName(name: string): string {
  return name.replace(/[\r\n]/g, ' ').replace(/"/g, '%22');
}
