import {
  BadInputError,
  TransientError
} from "./chunk-NP6IF4YY.js";

// shared/errors/classify.ts
var TRANSIENT_CODES = /* @__PURE__ */ new Set(["ECONNRESET", "ECONNREFUSED", "ETIMEDOUT", "EPIPE", "EAI_AGAIN", "UND_ERR_SOCKET"]);
var TRANSIENT_AWS = /* @__PURE__ */ new Set(["ThrottlingException", "SlowDown", "RequestTimeout", "ServiceUnavailable", "InternalError"]);
function isRetryable(e) {
  if (e instanceof TransientError) return true;
  if (e instanceof BadInputError) return false;
  if (typeof e !== "object" || e === null) return false;
  const err = e;
  const status = err.statusCode ?? err.$metadata?.httpStatusCode;
  if (status !== void 0 && (status === 408 || status === 429 || status >= 500)) return true;
  if (err.$retryable) return true;
  if (err.name && TRANSIENT_AWS.has(err.name)) return true;
  if (err.code && TRANSIENT_CODES.has(err.code)) return true;
  if (err.name === "FlatfileTimeoutError") return true;
  if (err.name === "FlatfileError" && status === void 0 && /fetch failed|network|socket|timeout/i.test(String(e.message))) {
    return true;
  }
  return err.cause !== void 0 && err.cause !== e && isRetryable(err.cause);
}
function isAuthRefusal(e, depth = 0) {
  if (typeof e !== "object" || e === null || depth > 5) return false;
  const err = e;
  const status = err.statusCode ?? err.status ?? err.$metadata?.httpStatusCode;
  if (status === 401 || status === 403) return true;
  return err.cause !== void 0 && err.cause !== e && isAuthRefusal(err.cause, depth + 1);
}
function errorCode(e) {
  if (typeof e !== "object" || e === null) return "error";
  const err = e;
  const status = err.statusCode ?? err.$metadata?.httpStatusCode;
  if (status !== void 0) return `http-${status}`;
  return err.code ?? err.name ?? "error";
}

// shared/runtime/retry.ts
import { setTimeout as sleep } from "node:timers/promises";
async function withRetry(fn, options) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (e) {
      if (attempt >= options.attempts || !isRetryable(e)) throw e;
      const cap = Math.min(options.maxDelayMs ?? 2e4, options.baseDelayMs * 2 ** (attempt - 1));
      const delay = Math.round(Math.random() * cap);
      options.onRetry?.(e, attempt, delay);
      await sleep(delay);
    }
  }
}

export {
  isAuthRefusal,
  errorCode,
  withRetry
};
//# sourceMappingURL=chunk-GDEB4I5J.js.map
