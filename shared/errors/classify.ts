import { FlatfileApiError } from '../flatfile/errors.js';
import { BadInputError, TransientError } from './index.js';

const TRANSIENT_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'UND_ERR_SOCKET']);
const TRANSIENT_AWS = new Set(['ThrottlingException', 'SlowDown', 'RequestTimeout', 'ServiceUnavailable', 'InternalError']);

/**
 * Is this failure worth retrying? Throttling, 5xx, timeouts and dropped connections are; a bad file, a 4xx and
 * anything unknown are not (unknown errors are bugs: they reach the DLQ through SQS redelivery).
 */
export function isRetryable(e: unknown): boolean {
  if (e instanceof TransientError) return true;
  if (e instanceof FlatfileApiError) return e.transient;
  if (e instanceof BadInputError) return false;
  if (typeof e !== 'object' || e === null) return false;
  const err = e as {
    statusCode?: number;
    code?: string;
    name?: string;
    cause?: unknown;
    $retryable?: unknown;
    $metadata?: { httpStatusCode?: number };
    error?: { reason?: string };
  };
  const status = err.statusCode ?? err.$metadata?.httpStatusCode;
  if (status !== undefined && (status === 408 || status === 429 || status >= 500)) return true;
  if (err.$retryable) return true;
  if (err.name && TRANSIENT_AWS.has(err.name)) return true;
  if (err.code && TRANSIENT_CODES.has(err.code)) return true;
  // @flatfile/api reports network failures and timeouts without a status code.
  if (err.name === 'FlatfileTimeoutError') return true;
  if (err.name === 'FlatfileError' && status === undefined && /fetch failed|network|socket|timeout/i.test(String((e as Error).message))) {
    return true;
  }
  return err.cause !== undefined && err.cause !== e && isRetryable(err.cause);
}

/**
 * Did a service refuse our credentials (HTTP 401/403)? Not transient: retrying the same key never helps, so the run
 * ends `failed` at once with a reason naming the key to check.
 */
export function isAuthRefusal(e: unknown, depth = 0): boolean {
  if (typeof e !== 'object' || e === null || depth > 5) return false;
  const err = e as { statusCode?: number; status?: number; $metadata?: { httpStatusCode?: number }; cause?: unknown };
  const status = err.statusCode ?? err.status ?? err.$metadata?.httpStatusCode;
  if (status === 401 || status === 403) return true;
  return err.cause !== undefined && err.cause !== e && isAuthRefusal(err.cause, depth + 1);
}

/** A short stable code for an error, for the run's `lastError` (e.g. `http-503`, `ECONNRESET`, `TransientError`). */
export function errorCode(e: unknown): string {
  if (typeof e !== 'object' || e === null) return 'error';
  const err = e as { statusCode?: number; $metadata?: { httpStatusCode?: number }; code?: string; name?: string };
  const status = err.statusCode ?? err.$metadata?.httpStatusCode;
  if (status !== undefined) return `http-${status}`;
  return err.code ?? err.name ?? 'error';
}
