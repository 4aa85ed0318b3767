import { TransientError } from '../errors/index.js';
import { resolveSecret } from '../runtime/secrets.js';

// One raw call to Flatfile's REST API with the secret key, for `flatfeed api` and the proxy function: whatever path
// the caller names, under the API root, with the key added here and nowhere else.

export interface FlatfileKey {
  token: string;
  /** Base URL without /v1 (the emulator locally); Flatfile's production API when absent. */
  apiUrl?: string;
}

export interface FlatfileCall {
  method: string;
  /** `/v1/...` or `/v2-alpha/...`, with an optional query string. */
  path: string;
  body?: string;
  contentType?: string;
}

export interface FlatfileReply {
  status: number;
  contentType: string;
  body: string;
}

export const FLATFILE_PRODUCTION_ROOT = 'https://platform.flatfile.com/api';
export { PROXY_METHODS as METHODS } from './methods.js';

/** The secret key from FLATFILE_API_KEY, or from Secrets Manager under FLATFILE_API_KEY_SECRET; never logged. */
export async function flatfileKeyFromEnv(env: NodeJS.ProcessEnv = process.env): Promise<FlatfileKey> {
  const token = await resolveSecret('Flatfile API key', {
    ...(env.FLATFILE_API_KEY ? { value: env.FLATFILE_API_KEY } : {}),
    ...(env.FLATFILE_API_KEY_SECRET ? { secretName: env.FLATFILE_API_KEY_SECRET } : {}),
  });
  return { token, ...(env.FLATFILE_API_URL ? { apiUrl: env.FLATFILE_API_URL } : {}) };
}

/** A path the API root can take: versioned, absolute, without `..` or empty segments that could step outside it. */
export function checkApiPath(path: string): string | undefined {
  const [p] = path.split('?', 1);
  if (!/^\/(v1|v2-alpha)\//.test(p!)) return `path must start with /v1/ or /v2-alpha/, got "${p}"`;
  if (p!.split('/').slice(1).some((s) => s === '' || s === '.' || s === '..' || /%2f|%5c|\\/i.test(s))) {
    return `path has an empty, "." or ".." segment or an encoded slash: "${p}"`;
  }
  return undefined;
}

export async function callFlatfile(key: FlatfileKey, call: FlatfileCall): Promise<FlatfileReply> {
  const problem = checkApiPath(call.path);
  if (problem) throw new Error(problem);
  const root = (key.apiUrl ?? FLATFILE_PRODUCTION_ROOT).replace(/\/+$/, '').replace(/\/v1$/, '');
  let res: Response;
  try {
    res = await fetch(`${root}${call.path}`, {
      method: call.method,
      headers: {
        authorization: `Bearer ${key.token}`,
        accept: 'application/json',
        ...(call.body !== undefined ? { 'content-type': call.contentType ?? 'application/json' } : {}),
      },
      ...(call.body !== undefined ? { body: call.body } : {}),
    });
  } catch (e) {
    throw new TransientError(`Flatfile ${call.method} ${call.path.split('?')[0]}: ${(e as Error).message}`, { cause: e });
  }
  return { status: res.status, contentType: res.headers.get('content-type') ?? 'application/json', body: await res.text() };
}
