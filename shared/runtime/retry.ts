import { setTimeout as sleep } from 'node:timers/promises';
import { isRetryable } from '../errors/classify.js';

export interface RetryOptions {
  attempts: number;
  baseDelayMs: number;
  maxDelayMs?: number;
  /** Called before each retry, e.g. to log it. */
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
}

/** Retries retryable failures with exponential backoff and full jitter; anything else is thrown at once. */
export async function withRetry<T>(fn: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (e) {
      if (attempt >= options.attempts || !isRetryable(e)) throw e;
      const cap = Math.min(options.maxDelayMs ?? 20_000, options.baseDelayMs * 2 ** (attempt - 1));
      const delay = Math.round(Math.random() * cap);
      options.onRetry?.(e, attempt, delay);
      await sleep(delay);
    }
  }
}
