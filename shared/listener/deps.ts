import type { SQSClient } from '@aws-sdk/client-sqs';
import type { FlatfileApi } from '../flatfile/client.js';
import type { Ledger } from '../ledger/index.js';
import type { Feed, Manifest } from '../manifest/index.js';
import type { Telemetry } from '../telemetry/index.js';

export interface ListenerDeps {
  api: FlatfileApi;
  environmentId: string;
  manifest: Manifest;
  ledger: Ledger;
  sqs: SQSClient;
  queues: { work: string; egress: string; outbound: string };
  telemetry: Telemetry;
}

/** Which feed a Space belongs to: its metadata names it (set when ingress created the Space). Cached per container. */
export function feedResolver(deps: Pick<ListenerDeps, 'api' | 'manifest'>) {
  const cache = new Map<string, Feed | null>();
  return async (spaceId: string | undefined): Promise<Feed | undefined> => {
    if (!spaceId) return undefined;
    if (!cache.has(spaceId)) {
      const { data: space } = await deps.api.spaces.get(spaceId);
      const name = (space.metadata as { flatfeed?: { feed?: string } } | undefined)?.flatfeed?.feed;
      cache.set(spaceId, deps.manifest.feeds.find((f) => f.name === name) ?? null);
    }
    return cache.get(spaceId) ?? undefined;
  };
}
