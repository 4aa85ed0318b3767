// The Flatfile resources the pipeline calls, composed from @flatfile/api's per-resource clients. `FlatfileClient`
// pulls all ~40 resource clients into every function bundle; these are the same classes, so the calls, types,
// retries and errors are the SDK's own. Each function passes the classes of the resources it calls (see
// all-resources.ts for all nine), and only those are bundled into it: this module imports none of them.
import type { Commits } from '@flatfile/api/api/resources/commits/client/Client.js';
import type { Events } from '@flatfile/api/api/resources/events/client/Client.js';
import type { Files } from '@flatfile/api/api/resources/files/client/Client.js';
import type { Jobs } from '@flatfile/api/api/resources/jobs/client/Client.js';
import type { Records } from '@flatfile/api/api/resources/records/client/Client.js';
import type { Sheets } from '@flatfile/api/api/resources/sheets/client/Client.js';
import type { Snapshots } from '@flatfile/api/api/resources/snapshots/client/Client.js';
import type { Spaces } from '@flatfile/api/api/resources/spaces/client/Client.js';
import type { Workbooks } from '@flatfile/api/api/resources/workbooks/client/Client.js';
import type { FetchFunction } from '@flatfile/api/core/fetcher/Fetcher.js';
import type { RetryOptions } from '../runtime/retry.js';
import { flatfileBaseUrl } from './base-url.js';
import { FLATFILE_RETRY, gatewayFetcher } from './gateway-fetcher.js';

export { flatfileBaseUrl } from './base-url.js';

export interface FlatfileConnection {
  token: string;
  /** Base URL with or without /v1, e.g. https://platform.flatfile.com/api or the local emulator's URL (base-url.ts). */
  apiUrl?: string;
  /** The gateway's retry policy (FLATFILE_RETRY when absent); tests shorten it. */
  retry?: RetryOptions;
}

/** What the pipeline uses of Flatfile's API; a full `FlatfileClient` (emulator, tests, plugins) satisfies it too. */
export interface FlatfileApi {
  readonly commits: Commits;
  readonly events: Events;
  readonly files: Files;
  readonly jobs: Jobs;
  readonly records: Records;
  readonly sheets: Sheets;
  readonly snapshots: Snapshots;
  readonly spaces: Spaces;
  readonly workbooks: Workbooks;
}

export type FlatfileResource = keyof FlatfileApi;

/** The SDK's resource client classes to build, by resource, e.g. `{ events: Events }`. */
export type FlatfileResourceClasses<K extends FlatfileResource> = {
  readonly [R in K]: new (options: { environment: string; token: string; fetcher: FetchFunction }) => FlatfileApi[R];
};

/**
 * Built per use with explicit settings: Flatfile's own plugins bind clients at import time, which we do not copy.
 * Every call goes through the gateway's fetcher: the SDK's retries off, one error type, one retry policy.
 */
export function createFlatfileClient<K extends FlatfileResource>(
  { token, apiUrl, retry }: FlatfileConnection,
  resources: FlatfileResourceClasses<K>,
): Pick<FlatfileApi, K> {
  const options = { environment: flatfileBaseUrl(apiUrl), token, fetcher: gatewayFetcher(retry ?? FLATFILE_RETRY) };
  const entries = (Object.keys(resources) as K[]).map((name) => [name, new resources[name](options)] as const);
  return Object.fromEntries(entries) as unknown as Pick<FlatfileApi, K>;
}
