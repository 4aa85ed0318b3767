/** Stable reason codes of a failed Flatfile call; they say what the caller may do next. */
export type FlatfileErrorCode =
  /** 401/403: the key is wrong or lacks access. Never retried: a person must fix the key. */
  | 'unauthorized'
  | 'not-found'
  /** Any other 4xx: the request is wrong; retrying sends the same wrong request. */
  | 'rejected'
  /** 429: the platform refused the rate; retried after its Retry-After. */
  | 'throttled'
  /** 408 or 5xx. */
  | 'server-error'
  /** No response: the connection failed or was cut. The request may or may not have been carried out. */
  | 'network'
  | 'timeout';

const TRANSIENT: ReadonlySet<FlatfileErrorCode> = new Set(['throttled', 'server-error', 'network', 'timeout']);

/**
 * Every failed Flatfile call, from the SDK's clients and from the raw transport alike, is this one error: the HTTP
 * status when there was a response, a stable code, and what `Retry-After` asked for.
 */
export class FlatfileApiError extends Error {
  override readonly name = 'FlatfileApiError';
  readonly code: FlatfileErrorCode;

  constructor(
    message: string,
    readonly status: number | undefined,
    options: { code?: FlatfileErrorCode; retryAfterMs?: number; body?: unknown; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = options.code ?? codeOfStatus(status);
    if (options.retryAfterMs !== undefined) this.retryAfterMs = options.retryAfterMs;
    if (options.body !== undefined) this.body = options.body;
  }

  readonly retryAfterMs?: number;
  readonly body?: unknown;

  /** Kept for callers that read the SDK's field name. */
  get statusCode(): number | undefined {
    return this.status;
  }

  /** Worth another attempt: throttling, 408/5xx, timeouts and dropped connections. 401/403 never. */
  get transient(): boolean {
    return TRANSIENT.has(this.code);
  }

  /**
   * The platform may have carried the request out although we saw a failure (a response lost after the commit):
   * a create must be read back before it is sent again.
   */
  get ambiguous(): boolean {
    return this.code === 'network' || this.code === 'timeout' || this.code === 'server-error';
  }
}

export function codeOfStatus(status: number | undefined): FlatfileErrorCode {
  if (status === undefined) return 'network';
  if (status === 401 || status === 403) return 'unauthorized';
  if (status === 404) return 'not-found';
  if (status === 429) return 'throttled';
  if (status === 408 || status >= 500) return 'server-error';
  return 'rejected';
}

export const isFlatfileNotFound = (e: unknown): boolean => e instanceof FlatfileApiError && e.code === 'not-found';

/** `Retry-After` in milliseconds: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** The first lines of an error body, for messages (never the request, which may hold partner data). */
export function bodyExcerpt(body: unknown): string {
  const text = typeof body === 'string' ? body : body === undefined ? '' : JSON.stringify(body);
  return text.slice(0, 300);
}
