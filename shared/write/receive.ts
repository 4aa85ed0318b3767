import { createHash } from 'node:crypto';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { Ledger } from '../ledger/index.js';
import { doOnce } from '../run/index.js';
import type { Manifest } from '../manifest/index.js';
import { IDEMPOTENCY_HEADER, verifyWrite } from './signing.js';

// Records pushed to a feed over HTTP become a run exactly as a dropped file does: the body is written, byte for byte,
// into the feed's inbox as one JSON or JSONL object, and the bucket's notification starts ingress, validation, rejects
// and egress as for any file. The object's key comes from the idempotency key, and writing it is a ledger step
// (shared/run/step.ts) that remembers the body's hash and the run: a repeat is answered with the same run.

export interface WriteRequest {
  method: string;
  /** `/feeds/<feed>/records` */
  path: string;
  headers: Record<string, string | undefined>;
  body?: string;
  isBase64Encoded: boolean;
}

export interface WriteResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

export interface WriteDeps {
  manifest: Manifest;
  s3: S3Client;
  inboxBucket: string;
  ledger: Ledger;
  secret(): Promise<string>;
  log(level: 'info' | 'warn', message: string, details: Record<string, unknown>): void;
  now?: () => number;
}

interface Remembered {
  sha256: string;
  key: string;
  runId: string;
}

const reply = (statusCode: number, body: Record<string, unknown>): WriteResponse => ({
  statusCode,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:-]{8,128}$/;

export async function receiveWrite(deps: WriteDeps, req: WriteRequest): Promise<WriteResponse> {
  if (req.method !== 'POST') return reply(405, { error: 'method-not-allowed', message: 'POST only' });
  const feedName = /^\/feeds\/([a-z][a-z0-9-]{0,39})\/records$/.exec(req.path)?.[1];
  const feed = feedName ? deps.manifest.feeds.find((f) => f.name === feedName) : undefined;
  if (!feed?.source.write) return reply(404, { error: 'no-such-feed', message: `no feed takes record writes at ${req.path}` });
  const limit = feed.source.write.maxBytes;
  const raw = req.body ?? '';
  if (raw.length > (req.isBase64Encoded ? Math.ceil(limit / 3) * 4 : limit)) return tooLarge(limit);
  const body = req.isBase64Encoded ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'utf8');
  if (body.length > limit) return tooLarge(limit);

  const idempotencyKey = req.headers[IDEMPOTENCY_HEADER] ?? '';
  if (!IDEMPOTENCY_KEY.test(idempotencyKey)) {
    return reply(400, { error: 'bad-idempotency-key', message: 'Idempotency-Key must be 8 to 128 characters of A-Z a-z 0-9 . _ : -' });
  }
  const verdict = verifyWrite(await deps.secret(), { method: req.method, path: req.path, idempotencyKey, headers: req.headers, body }, deps.now?.());
  if (verdict !== 'valid') {
    deps.log('warn', 'record write refused', { feed: feed.name, reason: verdict });
    return reply(401, { error: 'unauthorized', message: 'missing, expired or wrong signature' });
  }

  const format = formatOf(req.headers['content-type']);
  if (!format) return reply(415, { error: 'unsupported-media-type', message: 'Content-Type must be application/json or application/x-ndjson (JSON Lines)' });
  if (!feed.format.accept.includes(format)) {
    return reply(415, { error: 'format-not-accepted', message: `feed "${feed.name}" does not accept ${format} (format.accept: ${feed.format.accept.join(', ')})` });
  }
  const problem = checkRecords(format, body);
  if (problem) return reply(400, { error: 'malformed-records', message: problem });

  const sha256 = createHash('sha256').update(body).digest('hex');
  const id = createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 32);
  const key = `${feed.source.inboxPrefix}records/${id}.${format}`;
  // One ledger step per idempotency key: the first request writes the object, every later one gets its result.
  const step = await doOnce<Remembered>(
    deps.ledger,
    { pk: `WRITE#${feed.name}`, sk: id },
    async () => {
      const put = await deps.s3.send(
        new PutObjectCommand({ Bucket: deps.inboxBucket, Key: key, Body: body, ContentType: format === 'json' ? 'application/json' : 'application/x-ndjson' }),
      );
      return { sha256, key, runId: Ledger.runIdOf({ bucket: deps.inboxBucket, key, etag: (put.ETag ?? '').replace(/"/g, '') }) };
    },
    { leaseSeconds: 60 },
  );
  if (step.ran) {
    deps.log('info', 'records written', { feed: feed.name, key, runId: step.value.runId, bytes: body.length });
    return reply(202, { status: 'accepted', key, runId: step.value.runId });
  }
  if (step.state === 'held') return reply(409, { error: 'idempotency-key-in-use', message: 'a write with this Idempotency-Key is in progress; retry' });
  if (step.value.sha256 !== sha256) {
    return reply(409, { error: 'idempotency-key-reused', message: 'this Idempotency-Key was used with a different body' });
  }
  deps.log('info', 'record write repeated', { feed: feed.name, key, runId: step.value.runId });
  return reply(200, { status: 'duplicate', key, runId: step.value.runId });
}

function tooLarge(limit: number): WriteResponse {
  return reply(413, { error: 'too-large', message: `the body is larger than the feed's write.maxBytes (${limit})` });
}

function formatOf(contentType: string | undefined): 'json' | 'jsonl' | undefined {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'application/json') return 'json';
  if (type === 'application/x-ndjson' || type === 'application/jsonl' || type === 'application/json-lines') return 'jsonl';
  return undefined;
}

/** Every record must be a JSON object: a JSON array of objects, or one object per line. Nothing is rewritten. */
function checkRecords(format: 'json' | 'jsonl', body: Buffer): string | undefined {
  const text = body.toString('utf8');
  if (format === 'json') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (e) {
      return `the body is not JSON: ${(e as Error).message}`;
    }
    if (!Array.isArray(parsed) || parsed.length === 0) return 'expected a non-empty JSON array of records';
    const bad = parsed.findIndex((r) => typeof r !== 'object' || r === null || Array.isArray(r));
    return bad >= 0 ? `record ${bad + 1} is not a JSON object` : undefined;
  }
  const lines = text.split('\n');
  let records = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (!line) continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch (e) {
      return `line ${i + 1} is not JSON: ${(e as Error).message}`;
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return `line ${i + 1} is not a JSON object`;
    records++;
  }
  return records === 0 ? 'expected at least one record' : undefined;
}
