import type { Flatfile } from '@flatfile/api';
import type { FlatfileApi } from './client.js';
import { createOnce } from './create-once.js';
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
  return createOnce(
    async () => (await api.jobs.create(marked)).data,
    () => findMarked(api, config.source, config.operation, marker),
    policy,
  );
}

async function findMarked(api: Pick<FlatfileApi, 'jobs'>, source: string, operation: string, marker: string): Promise<Flatfile.Job | undefined> {
  const { data } = await api.jobs.list({ source, sortDirection: 'desc', pageSize: 100 });
  return data.find((j) => j.operation === operation && (j.input as { flatfeed?: { request?: unknown } } | undefined)?.flatfeed?.request === marker);
}
