import type { SQSClient } from '@aws-sdk/client-sqs';
import { enqueueEvents } from './enqueue.js';
import { isEventEnvelope } from './envelope.js';
import { stripSecrets } from './redact.js';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verifySignature, type Verdict } from './signature.js';

/** A forwarder's POST as a Lambda Function URL delivers it (payload v2), headers already lower-cased. */
export interface WebhookRequest {
  method: string;
  headers: Record<string, string | undefined>;
  body?: string;
  isBase64Encoded: boolean;
}

export interface WebhookResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

/** Only ids and reasons are ever passed here, never a body or a header value. */
export type WebhookLog = (level: 'info' | 'warn' | 'error', message: string, details: Record<string, unknown>) => void;

export interface WebhookDeps {
  /** Resolved per request, so a rotated secret is picked up when the secrets cache expires. */
  secret: () => Promise<string>;
  sqs: SQSClient;
  queueUrl: string;
  log: WebhookLog;
  maxBodyBytes?: number;
  toleranceSeconds?: number;
  now?: () => number;
}

/** SQS's message limit; a signed event bigger than this could not be queued anyway. */
export const DEFAULT_MAX_BODY_BYTES = 256 * 1024;

const reply = (statusCode: number, body: Record<string, unknown>): WebhookResponse => ({
  statusCode,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

/**
 * Verifies a forwarded Flatfile event and puts it on the events queue: 413 when too big (checked before anything
 * else is done with the body), 401 for a missing, forged, expired or future signature, 400 for anything that is not
 * one JSON event, 202 once queued, 503 when the queue refuses it (the forwarder retries).
 */
export async function receiveWebhook(deps: WebhookDeps, req: WebhookRequest): Promise<WebhookResponse> {
  const maxBytes = deps.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  if (req.method !== 'POST') return reply(405, { message: 'POST only' });

  const raw = req.body ?? '';
  // base64 grows 4/3: refuse an oversized encoding before decoding it, then measure the decoded bytes.
  // A UTF-8 string is at least as many bytes as it has code units, so its length alone can refuse it too.
  if (raw.length > (req.isBase64Encoded ? Math.ceil(maxBytes / 3) * 4 : maxBytes)) return tooLarge(deps, raw.length);
  const body = req.isBase64Encoded ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'utf8');
  if (body.length > maxBytes) return tooLarge(deps, body.length);

  const verdict: Verdict = verifySignature(
    await deps.secret(),
    { timestamp: req.headers[TIMESTAMP_HEADER], signature: req.headers[SIGNATURE_HEADER], body },
    { ...(deps.now ? { nowMs: deps.now() } : {}), ...(deps.toleranceSeconds ? { toleranceSeconds: deps.toleranceSeconds } : {}) },
  );
  if (verdict !== 'valid') {
    deps.log('warn', 'webhook request rejected', { reason: verdict });
    return reply(401, { message: 'unauthorized' });
  }

  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    deps.log('warn', 'webhook body is not JSON', { bytes: body.length });
    return reply(400, { message: 'body is not JSON' });
  }
  // @flatfile/plugin-webhook-event-forwarder posts the whole FlatfileEvent; the raw event is its `src`.
  const candidate = isEventEnvelope(parsed) ? parsed : (parsed as { src?: unknown } | null)?.src;
  if (!isEventEnvelope(candidate)) {
    deps.log('warn', 'webhook body is not a Flatfile event', { bytes: body.length });
    return reply(400, { message: 'body is not a Flatfile event' });
  }
  const event = stripSecrets(candidate);

  try {
    await enqueueEvents(deps.sqs, deps.queueUrl, [event]);
  } catch (e) {
    deps.log('error', 'could not enqueue the event', { eventId: event.id, error: (e as Error).name });
    return reply(503, { message: 'try again' });
  }
  deps.log('info', 'event enqueued', { eventId: event.id, topic: event.topic });
  return reply(202, { enqueued: event.id });
}

function tooLarge(deps: WebhookDeps, bytes: number): WebhookResponse {
  deps.log('warn', 'webhook body too large', { bytes });
  return reply(413, { message: 'body too large' });
}
