import type { IncomingMessage, ServerResponse } from 'node:http';
import { isAscii } from 'node:buffer';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { ApiError, badRequest } from './errors.js';

export interface Ctx {
  req: IncomingMessage;
  res: ServerResponse;
  params: Record<string, string>;
  query: URLSearchParams;
}

/**
 * What a handler returns: a JSON body, pre-serialised JSON (a string, or UTF-8 byte ranges sent back to back without
 * copying them into one buffer), a byte stream, or a bare status. `release` is called once the response has closed
 * (its bytes handed to the OS, or the connection gone): byte ranges lent by the store (Leased) are reused after it.
 */
export type Reply =
  | { status?: number; body: unknown }
  | { status?: number; json: string | Buffer[]; contentType?: string; release?: () => void }
  | { status?: number; stream: Readable; contentType: string; length?: number; release?: () => void }
  | { status: number; empty: true };

export const ok = (data: unknown, extra: Record<string, unknown> = {}): Reply => ({ body: { data, ...extra } });
export const success = (): Reply => ok({ success: true });

const MAX_BODY = 512 * 1024 * 1024;

/** The request body, gunzipped when `Content-Encoding: gzip`; a corrupt stream is a 400, not a crash. */
export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const gzip = /gzip/i.test(String(req.headers['content-encoding'] ?? ''));
  const source: Readable = gzip ? req.pipe(createGunzip()) : req;
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of source as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > MAX_BODY) throw badRequest('Request body too large');
      chunks.push(chunk);
    }
  } catch (err) {
    if (gzip) req.resume();
    throw err instanceof ApiError ? err : badRequest(`Invalid ${gzip ? 'gzip ' : ''}request body: ${(err as Error).message}`);
  }
  return Buffer.concat(chunks);
}

export async function readJson(req: IncomingMessage): Promise<unknown> {
  return parseJson(await readBody(req));
}

/** A request body as JSON (`{}` when empty); malformed JSON is a 400. */
export function parseJson(buf: Buffer): unknown {
  if (buf.length === 0) return {};
  try {
    // ASCII (the usual case) decodes as latin1: a plain copy instead of UTF-8 decoding.
    return JSON.parse(isAscii(buf) ? buf.toString('latin1') : buf.toString('utf8'));
  } catch (err) {
    throw badRequest(`Malformed JSON: ${(err as Error).message}`);
  }
}

/** A JSON object body (most endpoints); arrays and scalars are a 400. */
export async function readObject(req: IncomingMessage): Promise<Record<string, unknown>> {
  const body = await readJson(req);
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw badRequest('Request body must be a JSON object');
  return body as Record<string, unknown>;
}

export function intParam(q: URLSearchParams, name: string, def: number, min: number, max: number): number {
  const raw = q.get(name);
  if (raw === null || raw === '') return def;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw badRequest(`${name} must be an integer from ${min} to ${max}`, name);
  return n;
}

export function boolParam(q: URLSearchParams, name: string): boolean | undefined {
  const raw = q.get(name);
  if (raw === null) return undefined;
  if (raw !== 'true' && raw !== 'false') throw badRequest(`${name} must be true or false`, name);
  return raw === 'true';
}

export function pagination(total: number, pageSize: number, pageNumber: number): Record<string, unknown> {
  return { pagination: { currentPage: pageNumber, pageCount: Math.ceil(total / pageSize), totalCount: total } };
}

/** One page of a list plus Flatfile's `pagination` block. */
export function page<T>(items: T[], q: URLSearchParams, defaultSize: number): Reply {
  const pageSize = intParam(q, 'pageSize', defaultSize, 1, 10_000);
  const pageNumber = intParam(q, 'pageNumber', 1, 1, Number.MAX_SAFE_INTEGER);
  const start = (pageNumber - 1) * pageSize;
  return ok(items.slice(start, start + pageSize), pagination(items.length, pageSize, pageNumber));
}
