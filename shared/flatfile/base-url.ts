/**
 * Flatfile's production API root (docs, listener and util-common use this host; the SDK's default
 * `api.x.flatfile.com/v1` serves the same API). The one place the production URL is written.
 */
export const FLATFILE_PRODUCTION_URL = 'https://platform.flatfile.com/api';

/**
 * The one base-URL rule: `FLATFILE_API_URL` may be given with or without a trailing `/v1` (and slashes); every
 * caller — SDK clients, streamed upload, inserts, write-back, v1 and v2 reads — derives its URL from this root.
 */
export function flatfileRoot(apiUrl?: string): string {
  if (!apiUrl) return FLATFILE_PRODUCTION_URL;
  return apiUrl.replace(/\/+$/, '').replace(/\/v1$/, '').replace(/\/+$/, '');
}

/** The versioned API root, `<root>/v1`: what the SDK's resource clients are given as their environment. */
export function flatfileBaseUrl(apiUrl?: string): string {
  return `${flatfileRoot(apiUrl)}/v1`;
}

/** A query: a list repeats its parameter (`ids=a&ids=b`), as the SDK sends lists. */
export type FlatfileQuery = Record<string, string | number | boolean | readonly string[] | undefined>;

/** `<root>/v1/<path>` or, for a path starting with `v2-alpha/`, `<root>/<path>`, with a query. */
export function flatfileUrl(apiUrl: string | undefined, path: string, query: FlatfileQuery = {}): URL {
  const clean = path.replace(/^\/+/, '');
  const url = new URL(clean.startsWith('v2-alpha/') ? `${flatfileRoot(apiUrl)}/${clean}` : `${flatfileBaseUrl(apiUrl)}/${clean}`);
  for (const [k, v] of Object.entries(query)) {
    if (Array.isArray(v)) for (const item of v as readonly string[]) url.searchParams.append(k, item);
    else if (v !== undefined) url.searchParams.set(k, String(v));
  }
  return url;
}
