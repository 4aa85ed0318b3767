import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FlatfileEvent } from './types.js';

export interface PushTarget {
  url: string;
  secret: string;
}

export const TIMESTAMP_HEADER = 'x-flatfeed-timestamp';
export const SIGNATURE_HEADER = 'x-flatfeed-signature';
export const EVENT_ID_HEADER = 'x-flatfeed-event-id';

/** `sha256=<hex>` of HMAC-SHA256(secret, `${timestamp}.${body}`). */
export function sign(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** Checks a pushed request; rejects stale timestamps (seconds) to stop replays. */
export function verifySignature(
  secret: string,
  timestamp: string,
  body: string,
  signature: string,
  toleranceSeconds = 300,
  now = Date.now(),
): boolean {
  const ts = Number(timestamp);
  if (!Number.isFinite(ts) || Math.abs(now / 1000 - ts) > toleranceSeconds) return false;
  const want = Buffer.from(sign(secret, timestamp, body));
  const got = Buffer.from(signature);
  return want.length === got.length && timingSafeEqual(want, got);
}

const ATTEMPTS = 3;

/** Posts every event, in order, to each target, signed; a failing target is retried, then skipped and reported. */
export class EventPush {
  private queues = new Map<string, Promise<void>>();

  constructor(
    private readonly targets: PushTarget[],
    private readonly report: (message: string) => void,
  ) {}

  push(event: FlatfileEvent): void {
    const body = JSON.stringify(event);
    for (const t of this.targets) {
      const prev = this.queues.get(t.url) ?? Promise.resolve();
      this.queues.set(t.url, prev.then(() => this.deliver(t, event.id, body)));
    }
  }

  async drain(): Promise<void> {
    await Promise.all(this.queues.values());
  }

  private async deliver(t: PushTarget, id: string, body: string): Promise<void> {
    for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
      const timestamp = String(Math.floor(Date.now() / 1000));
      try {
        const res = await fetch(t.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            [TIMESTAMP_HEADER]: timestamp,
            [SIGNATURE_HEADER]: sign(t.secret, timestamp, body),
            [EVENT_ID_HEADER]: id,
          },
          body,
        });
        if (res.ok) return;
        this.report(`push ${id} to ${t.url}: HTTP ${res.status} (attempt ${attempt})`);
      } catch (err) {
        this.report(`push ${id} to ${t.url}: ${(err as Error).message} (attempt ${attempt})`);
      }
      await new Promise((r) => setTimeout(r, 100 * 2 ** attempt));
    }
  }
}
