// Whatever a forwarder posts may carry credentials: @flatfile/plugin-webhook-event-forwarder serialises the whole
// FlatfileEvent, including the agent's bearer token as `_accessToken`. They are removed before anything is logged or
// queued.

export const REDACTED = '[redacted]';

/** Keys whose values are credentials, compared lower-cased with `_`/`-` removed. */
const SECRET_KEYS = new Set(['token', 'accesstoken', 'refreshtoken', 'bearertoken', 'apikey', 'xapikey', 'secret', 'clientsecret', 'password', 'authorization']);

/** Values that look like a credential wherever they appear: Flatfile secret/publishable keys, bearer headers, JWTs. */
const SECRET_VALUE = /\b(?:sk|pk)_[A-Za-z0-9_]{8,}|\bBearer\s+[A-Za-z0-9._~+/=-]+|\beyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/gi;

function isSecretKey(key: string): boolean {
  const k = key.toLowerCase().replace(/[_-]/g, '');
  return SECRET_KEYS.has(k) || k.endsWith('token') || k.endsWith('apikey') || k.endsWith('secret');
}

/** A deep copy of a JSON value without credential keys, and with credential-looking strings replaced. */
export function stripSecrets<T>(value: T): T {
  return strip(value) as T;
}

function strip(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(SECRET_VALUE, REDACTED);
  if (Array.isArray(value)) return value.map(strip);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (!isSecretKey(k)) out[k] = strip(v);
    return out;
  }
  return value;
}
