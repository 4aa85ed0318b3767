import * as serialization from '@flatfile/api/serialization/index.js';
import { badRequest } from './errors.js';
import type { Json } from './types.js';

type SchemaName = {
  [K in keyof typeof serialization]: (typeof serialization)[K] extends { parse: (...args: never[]) => unknown } ? K : never;
}[keyof typeof serialization];

/**
 * Checks a request body against the client's own request schema (the same definitions `@flatfile/api` serialises
 * with), so a malformed body gets a Flatfile-shaped 400 naming the offending key. Returns the body as sent.
 */
export function checkRequest(name: SchemaName, body: unknown): Json {
  const schema = serialization[name] as unknown as {
    parse(raw: unknown, opts: object): { ok: true } | { ok: false; errors: { path: string[]; message: string }[] };
  };
  const result = schema.parse(body, { unrecognizedObjectKeys: 'passthrough' });
  if (!result.ok) {
    // Name the first offending key; errors about the body as a whole (missing keys) have an empty path.
    const first = result.errors.find((e) => e.path.length > 0) ?? result.errors[0]!;
    const message = result.errors.map((e) => `${e.path.join('.') || 'body'}: ${e.message}`).join('; ');
    throw badRequest(message, first.path.join('.') || undefined);
  }
  return body as Json;
}
