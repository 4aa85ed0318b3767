import { fetcher as sdkFetcher, type FetchFunction, type Fetcher } from '@flatfile/api/core/fetcher/Fetcher.js';
import type { APIResponse } from '@flatfile/api/core/fetcher/APIResponse.js';
import { withRetry, type RetryOptions } from '../runtime/retry.js';
import { bodyExcerpt, FlatfileApiError, parseRetryAfter } from './errors.js';

/**
 * Flatfile calls retry here and only here (not in the SDK, not around call sites): 5 attempts over at most a
 * minute, then SQS redelivery takes over for what the gateway could not finish. Before, the SDK's 2 retries ran
 * inside withRetry's 5 inside SQS's 5 deliveries: up to 75 attempts for one call.
 */
export const FLATFILE_RETRY: RetryOptions = { attempts: 5, baseDelayMs: 500, maxDelayMs: 10_000, maxElapsedMs: 60_000 };

/**
 * Requests that create something each time they are carried out. After a failure that may have happened after the
 * platform committed (no response, a timeout, a 5xx), sending one again could create it twice: these are retried
 * only when the platform surely did nothing (429), and otherwise thrown for the caller to read back first
 * (see idempotent.ts). Paths relative to `/v1`.
 */
const CREATES: ReadonlyArray<RegExp> = [/^\/jobs$/, /^\/sheets\/[^/]+\/records$/, /^\/workbooks$/, /^\/spaces$/, /^\/files$/];

export function isCreate(method: string, url: string): boolean {
  if (method.toUpperCase() !== 'POST') return false;
  const path = new URL(url).pathname.replace(/^.*?\/v1(?=\/)/, '');
  return CREATES.some((re) => re.test(path));
}

/** A failure of the raw transport or of the SDK's fetcher, as the one error type. */
export function errorOf(method: string, url: string, failure: Fetcher.Error, headers?: Headers): FlatfileApiError {
  const what = `${method.toUpperCase()} ${new URL(url).pathname}`;
  switch (failure.reason) {
    case 'status-code':
    case 'non-json': {
      const body = failure.reason === 'status-code' ? failure.body : failure.rawBody;
      const retryAfterMs = parseRetryAfter(headers?.get('retry-after'));
      return new FlatfileApiError(`${what} failed: HTTP ${failure.statusCode} ${bodyExcerpt(body)}`, failure.statusCode, {
        body,
        ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
      });
    }
    case 'timeout':
      return new FlatfileApiError(`${what} timed out`, undefined, { code: 'timeout' });
    case 'unknown':
      return new FlatfileApiError(`${what} failed: ${failure.errorMessage}`, undefined, { code: 'network' });
  }
}

/** Retry only what is transient, and a create only when the platform surely did nothing. */
export function retryableFor(method: string, url: string): (e: unknown) => boolean {
  const create = isCreate(method, url);
  return (e) => e instanceof FlatfileApiError && e.transient && !(create && e.ambiguous);
}

/**
 * The fetcher given to the SDK's resource clients: the SDK's own with its retries off (maxRetries 0), failures
 * turned into FlatfileApiError, and the gateway's retry policy around it.
 */
export function gatewayFetcher(policy: RetryOptions = FLATFILE_RETRY): FetchFunction {
  const fetch = async <R>(args: Fetcher.Args): Promise<APIResponse<R, Fetcher.Error>> =>
    withRetry(
      async () => {
        const res = await sdkFetcher<R>({ ...args, maxRetries: 0 });
        if (res.ok) return res;
        throw errorOf(args.method, args.url, res.error, res.rawResponse.headers);
      },
      { ...policy, retryable: retryableFor(args.method, args.url) },
    );
  return fetch as FetchFunction;
}
