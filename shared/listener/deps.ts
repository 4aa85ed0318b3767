import type { SQSClient } from '@aws-sdk/client-sqs';
import type { FlatfileApi } from '../flatfile/client.js';
import type { Ledger } from '../ledger/index.js';
import { isDestinationWorkbook } from '../flatfile/run-workbook.js';
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
  /** Whether a workbook is one of the feed's destination workbooks (cached: a workbook's labels never change). */
  isDestination: (workbookId: string, feed: Feed) => Promise<boolean>;
}

/** A cached check that a workbook is a feed's destination workbook, by its label and metadata. */
export function destinationCheck(api: FlatfileApi): ListenerDeps['isDestination'] {
  const cache = new Map<string, Promise<boolean>>();
  return (workbookId, feed) => {
    const key = `${feed.name}\0${workbookId}`;
    if (!cache.has(key)) {
      const check = api.workbooks.get(workbookId).then(({ data }) => isDestinationWorkbook(data, feed));
      check.catch(() => cache.delete(key));
      cache.set(key, check);
    }
    return cache.get(key)!;
  };
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
