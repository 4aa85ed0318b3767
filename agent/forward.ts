import { setTimeout as sleep } from 'node:timers/promises';
import { signRequest } from '../shared/events/signature.js';

export interface ForwardTarget {
  url: string;
  secret: string;
}

const ATTEMPTS = 4;
const TIMEOUT_MS = 10_000;

/**
 * POSTs one event's JSON to the flatfeed webhook, signed over timestamp + body. 5xx, 429 and network failures are
 * retried with backoff (each attempt signed afresh, so a retry is never a stale replay); any other refusal is final.
 */
export async function forwardEvent(target: ForwardTarget, body: string, fetchImpl: typeof fetch = fetch): Promise<void> {
  let problem = '';
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    try {
      const res = await fetchImpl(target.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...signRequest(target.secret, body) },
        body,
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      if (res.ok) return;
      problem = `HTTP ${res.status}`;
      if (res.status < 500 && res.status !== 429) break;
    } catch (e) {
      problem = (e as Error).name;
    }
    if (attempt < ATTEMPTS) await sleep(250 * 2 ** attempt);
  }
  // Only the status or error name: never the URL's query or the body.
  throw new Error(`flatfeed webhook refused the event: ${problem}`);
}
