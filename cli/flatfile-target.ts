import type { FlatfileTarget } from '../local/pipeline.js';

/** Real Flatfile when FLATFILE_API_KEY and FLATFILE_ENVIRONMENT_ID are both set (FLATFILE_API_URL optional); else the emulator. */
export function flatfileFromEnv(env: NodeJS.ProcessEnv = process.env): FlatfileTarget | undefined {
  const token = env.FLATFILE_API_KEY;
  const environmentId = env.FLATFILE_ENVIRONMENT_ID;
  if (!token || !environmentId) return undefined;
  return { token, environmentId, ...(env.FLATFILE_API_URL ? { apiUrl: env.FLATFILE_API_URL } : {}) };
}
