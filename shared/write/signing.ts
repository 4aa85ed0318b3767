import { sign, SIGNATURE_HEADER, TIMESTAMP_HEADER, verifySignature, type Verdict } from '../events/signature.js';

// A record write is signed like a forwarded event (shared/events/signature.ts: HMAC-SHA256 over timestamp and bytes),
// but the bytes signed are the request line and the idempotency key as well as the body: a captured request cannot
// be replayed to another feed or under another idempotency key.

export const IDEMPOTENCY_HEADER = 'idempotency-key';

export function signedBytes(method: string, path: string, idempotencyKey: string, body: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from(`${method.toUpperCase()} ${path}\n${idempotencyKey}\n`, 'utf8'), body]);
}

/** The headers a client adds to its write (see README, "Writing records"). */
export function signWrite(secret: string, method: string, path: string, idempotencyKey: string, body: string | Uint8Array, nowMs = Date.now()): Record<string, string> {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  const timestamp = String(Math.floor(nowMs / 1000));
  return {
    [TIMESTAMP_HEADER]: timestamp,
    [SIGNATURE_HEADER]: sign(secret, timestamp, signedBytes(method, path, idempotencyKey, bytes)),
    [IDEMPOTENCY_HEADER]: idempotencyKey,
  };
}

export function verifyWrite(
  secret: string,
  req: { method: string; path: string; idempotencyKey: string; headers: Record<string, string | undefined>; body: Uint8Array },
  nowMs?: number,
): Verdict {
  return verifySignature(
    secret,
    { timestamp: req.headers[TIMESTAMP_HEADER], signature: req.headers[SIGNATURE_HEADER], body: signedBytes(req.method, req.path, req.idempotencyKey, req.body) },
    nowMs === undefined ? {} : { nowMs },
  );
}
