import { withRetry } from '../runtime/retry.js';
import { FlatfileApiError } from './errors.js';
import { FLATFILE_RETRY } from './gateway-fetcher.js';

/**
 * A create (`POST /jobs`, `/spaces`, `/workbooks`, `/files`) carried out exactly once, even when its response is lost
 * after the platform created the thing: the gateway never re-sends a create after an ambiguous failure (a cut
 * connection, a timeout, a 5xx), so here `find` looks for what the lost attempt may have made (by a marker the
 * create carried) and returns it; only when nothing is there is the create sent again.
 */
export async function createOnce<T>(create: () => Promise<T>, find: () => Promise<T | undefined>, policy = FLATFILE_RETRY): Promise<T> {
  return withRetry(
    async () => {
      try {
        return await create();
      } catch (e) {
        if (!(e instanceof FlatfileApiError) || !e.ambiguous) throw e;
        const existing = await find();
        if (existing !== undefined) return existing;
        throw e;
      }
    },
    { ...policy, retryable: (e) => e instanceof FlatfileApiError && e.transient },
  );
}
