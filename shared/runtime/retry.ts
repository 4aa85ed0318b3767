import { setTimeout as sleep } from 'node:timers/promises';
import { isRetryable } from '../errors/classify.js';

export interface RetryOptions {
  /** Attempts in all, the first included. */
  attempts: number;
  /** The first retry waits up to this long; each later one up to twice the one before. */
  baseDelayMs: number;
  /** Cap on one wait (also on a `Retry-After` the server asks for). 20 s when absent. */
  maxDelayMs?: number;
  /** No retry starts once this much time has passed since the first attempt (its wait included). */
  maxElapsedMs?: number;
  /** Which failures are worth another attempt; `isRetryable` (throttling, 408/5xx, network) when absent. */
  retryable?: (error: unknown) => boolean;
  /** Called before each retry, e.g. to log it. */
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
  /** For tests: the clock and the wait. */
  now?: () => number;
  sleep?: (ms: number) => Promise<unknown>;
}

/**
 * The project's one retry policy: exponential backoff with full jitter (a wait drawn uniformly from 0 to the cap, so
 * clients that failed together do not retry together), a server's `Retry-After` honoured as the least wait (read
 * from `error.retryAfterMs`), bounded by attempts and by total time. Anything not retryable is thrown at once.
 */
export async function withRetry<T>(fn: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const now = options.now ?? Date.now;
  const wait = options.sleep ?? ((ms: number) => sleep(ms));
  const retryable = options.retryable ?? isRetryable;
  const maxDelay = options.maxDelayMs ?? 20_000;
  const started = now();
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (e) {
      if (attempt >= options.attempts || !retryable(e)) throw e;
      const delay = retryDelay(e, attempt, options.baseDelayMs, maxDelay);
      if (options.maxElapsedMs !== undefined && now() - started + delay > options.maxElapsedMs) throw e;
      options.onRetry?.(e, attempt, delay);
      await wait(delay);
    }
  }
}

/** The wait before retry number `attempt`: full jitter under the exponential cap, at least what Retry-After asked. */
export function retryDelay(error: unknown, attempt: number, baseDelayMs: number, maxDelayMs: number, random = Math.random): number {
  const cap = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
  const jittered = Math.round(random() * cap);
  const asked = (error as { retryAfterMs?: unknown } | null)?.retryAfterMs;
  return typeof asked === 'number' && asked > 0 ? Math.max(jittered, Math.min(asked, maxDelayMs)) : jittered;
}
