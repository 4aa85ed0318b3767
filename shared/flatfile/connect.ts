import * as z from 'zod';
import { readEnv } from '../runtime/env.js';
import { resolveSecret } from '../runtime/secrets.js';
import { createFlatfileClient, type FlatfileApi, type FlatfileResource, type FlatfileResourceClasses } from './client.js';

export const FlatfileEnv = z.object({
  /** The secret key itself (local runs); in AWS the key lives in Secrets Manager under FLATFILE_API_KEY_SECRET. */
  FLATFILE_API_KEY: z.string().min(1).optional(),
  FLATFILE_API_KEY_SECRET: z.string().min(1).optional(),
  /** Base URL without /v1; absent means Flatfile's production API. The emulator sets it locally. */
  FLATFILE_API_URL: z.url().optional(),
  FLATFILE_ENVIRONMENT_ID: z.string().min(1),
});

export interface FlatfileConnected<Api = FlatfileApi> {
  api: Api;
  environmentId: string;
  token: string;
  apiUrl?: string;
}

/**
 * Connects to Flatfile from the function's environment, with clients for the given resources only (see client.ts);
 * the key is resolved once and never logged.
 */
export async function connectFlatfile<K extends FlatfileResource>(
  resources: FlatfileResourceClasses<K>,
  env: NodeJS.ProcessEnv = process.env,
): Promise<FlatfileConnected<Pick<FlatfileApi, K>>> {
  const cfg = readEnv(FlatfileEnv, env);
  const token = await resolveSecret('Flatfile API key', {
    ...(cfg.FLATFILE_API_KEY ? { value: cfg.FLATFILE_API_KEY } : {}),
    ...(cfg.FLATFILE_API_KEY_SECRET ? { secretName: cfg.FLATFILE_API_KEY_SECRET } : {}),
  });
  return {
    api: createFlatfileClient({ token, ...(cfg.FLATFILE_API_URL ? { apiUrl: cfg.FLATFILE_API_URL } : {}) }, resources),
    environmentId: cfg.FLATFILE_ENVIRONMENT_ID,
    token,
    ...(cfg.FLATFILE_API_URL ? { apiUrl: cfg.FLATFILE_API_URL } : {}),
  };
}
