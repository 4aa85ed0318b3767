import { createHmac, timingSafeEqual } from 'node:crypto';

// The forwarder agent (agent/) signs with signRequest and the webhook verifies with verifySignature: one file, so the
// two sides cannot drift. Same scheme and header names as the emulator's optional push (emulator/push.ts).

export const TIMESTAMP_HEADER = 'x-flatfeed-timestamp';
export const SIGNATURE_HEADER = 'x-flatfeed-signature';

/** How far a request's timestamp may lie in the past (replays) or the future (skewed clocks). */
export const DEFAULT_TOLERANCE_SECONDS = 300;

const PREFIX = 'sha256=';

/** `sha256=<hex>` of HMAC-SHA256(secret, `${timestamp}.${body}`), body as its UTF-8 bytes. */
export function sign(secret: string, timestamp: string, body: string | Uint8Array): string {
  return PREFIX + createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');
}

/** The headers a forwarder adds to a POST of `body`. */
export function signRequest(secret: string, body: string, nowMs = Date.now()): Record<string, string> {
  const timestamp = String(Math.floor(nowMs / 1000));
  return { [TIMESTAMP_HEADER]: timestamp, [SIGNATURE_HEADER]: sign(secret, timestamp, body) };
}

export type Verdict = 'valid' | 'missing' | 'malformed-timestamp' | 'expired' | 'future' | 'bad-signature';

export interface SignedRequest {
  timestamp: string | undefined;
  signature: string | undefined;
  body: string | Uint8Array;
}

/** Checks the timestamp window first (cheap), then the HMAC in constant time. Only 'valid' is acceptable. */
export function verifySignature(
  secret: string,
  { timestamp, signature, body }: SignedRequest,
  { nowMs = Date.now(), toleranceSeconds = DEFAULT_TOLERANCE_SECONDS } = {},
): Verdict {
  if (!timestamp || !signature) return 'missing';
  if (!/^\d{1,12}$/.test(timestamp)) return 'malformed-timestamp';
  const age = nowMs / 1000 - Number(timestamp);
  if (age > toleranceSeconds) return 'expired';
  if (age < -toleranceSeconds) return 'future';
  const want = Buffer.from(sign(secret, timestamp, body));
  const got = Buffer.from(signature);
  // timingSafeEqual needs equal lengths; a length mismatch reveals nothing the fixed-length format does not.
  return want.length === got.length && timingSafeEqual(want, got) ? 'valid' : 'bad-signature';
}
