import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { withRetry } from '../runtime/retry.js';
import { flatfileUrl, type FlatfileQuery } from './base-url.js';
import type { FlatfileConnection } from './client.js';
import { FlatfileApiError } from './errors.js';
import { errorOf, FLATFILE_RETRY, retryableFor } from './gateway-fetcher.js';

const gzipAsync = promisify(gzip);

export interface RawRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Relative to `/v1` (or `v2-alpha/…`), e.g. `sheets/us_sh_1/records`. */
  path: string;
  query?: FlatfileQuery;
  headers?: Record<string, string>;
  /** Sent as gzipped JSON (what Flatfile's own bulk writers send). */
  json?: unknown;
  /** The same, already written as JSON text or its UTF-8 bytes (bulk bodies built without an object per value). */
  jsonText?: string | Uint8Array;
  /**
   * zlib's level for the body; its default (6) when absent. Record inserts use 1: measured on a 5,000-record chunk of
   * the bench's rows, 5.7 against 9.5 µs of CPU per record, for a body of 11 % of the JSON instead of 8 %.
   */
  gzipLevel?: number;
  timeoutMs?: number;
  /**
   * The body is read later, as a stream (a file download): `timeoutMs` then bounds the wait for the response's
   * headers only, since a body read at the reader's pace may rightly take longer than any fixed timeout.
   */
  streamBody?: boolean;
}

/**
 * The gateway's raw transport, for the bulk calls the SDK makes slow (record inserts and write-backs: native gzip
 * instead of the SDK's JS gzip; the echoed records discarded unread instead of parsed). Same base-URL rule, error
 * type and retry policy as the SDK clients (gateway-fetcher.ts). Resolves with the response, its body unread, for a
 * 2xx or 304; anything else is a FlatfileApiError.
 */
export async function flatfileRequest(
  conn: FlatfileConnection,
  request: RawRequest,
  fetchImpl: typeof fetch = fetch,
): Promise<Response> {
  const url = flatfileUrl(conn.apiUrl, request.path, request.query);
  const text = request.jsonText ?? (request.json === undefined ? undefined : JSON.stringify(request.json));
  const body = text === undefined ? undefined : await gzipAsync(text, request.gzipLevel === undefined ? {} : { level: request.gzipLevel });
  const headers: Record<string, string> = {
    Authorization: `Bearer ${conn.token}`,
    ...(body ? { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' } : {}),
    ...request.headers,
  };
  return withRetry(
    async () => {
      let res: Response;
      const timeoutMs = request.timeoutMs ?? 60_000;
      const headersOnly = request.streamBody ? new AbortController() : undefined;
      const timer = headersOnly ? setTimeout(() => headersOnly.abort(new DOMException('headers timed out', 'TimeoutError')), timeoutMs) : undefined;
      try {
        res = await fetchImpl(url, { method: request.method, headers, ...(body ? { body } : {}), signal: headersOnly?.signal ?? AbortSignal.timeout(timeoutMs) });
      } catch (e) {
        const timeout = (e as Error)?.name === 'TimeoutError' || (e as Error)?.name === 'AbortError';
        throw new FlatfileApiError(`${request.method} ${url.pathname} ${timeout ? 'timed out' : `failed: ${(e as Error)?.message ?? String(e)}`}`, undefined, {
          code: timeout ? 'timeout' : 'network',
          cause: e,
        });
      } finally {
        clearTimeout(timer);
      }
      if (res.ok || res.status === 304) return res;
      const text = await res.text().catch(() => '');
      throw errorOf(request.method, url.href, { reason: 'non-json', statusCode: res.status, rawBody: text }, res.headers);
    },
    { ...(conn.retry ?? FLATFILE_RETRY), retryable: retryableFor(request.method, url.href) },
  );
}
