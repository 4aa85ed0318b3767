import type { Flatfile } from '@flatfile/api';
import { withRetry } from '../runtime/retry.js';
import type { FlatfileApi } from './client.js';
import { FlatfileApiError } from './errors.js';
import { FLATFILE_RETRY } from './gateway-fetcher.js';

/**
 * `POST /jobs` exactly once, even when its response is lost after the platform created the job (the SDK used to
 * retry a 5xx blindly: two `workbook:map` jobs). The job carries a deterministic marker in
 * `input.flatfeed.request` (e.g. `<runId>:map`); after a failure that may have come after the commit, the jobs of
 * the same source are listed (newest first) and a job with the same operation and marker is returned instead of
 * creating another. Only when none is there is the create sent again.
 */
export async function createJobOnce(
  api: Pick<FlatfileApi, 'jobs'>,
  config: Flatfile.JobConfig & { source: string },
  marker: string,
  policy = FLATFILE_RETRY,
): Promise<Flatfile.Job> {
  const input = (config.input ?? {}) as { flatfeed?: Record<string, unknown> };
  const marked: Flatfile.JobConfig = { ...config, input: { ...input, flatfeed: { ...input.flatfeed, request: marker } } };
  return withRetry(
    async () => {
      try {
        return (await api.jobs.create(marked)).data;
      } catch (e) {
        if (!(e instanceof FlatfileApiError) || !e.ambiguous) throw e;
        const existing = await findMarked(api, config.source, config.operation, marker);
        if (existing) return existing;
        throw e;
      }
    },
    { ...policy, retryable: (e) => e instanceof FlatfileApiError && e.transient },
  );
}

async function findMarked(api: Pick<FlatfileApi, 'jobs'>, source: string, operation: string, marker: string): Promise<Flatfile.Job | undefined> {
  const { data } = await api.jobs.list({ source, sortDirection: 'desc', pageSize: 100 });
  return data.find((j) => j.operation === operation && (j.input as { flatfeed?: { request?: unknown } } | undefined)?.flatfeed?.request === marker);
}
