import type { SQSClient } from '@aws-sdk/client-sqs';
import type { FlatfileApi } from '../flatfile/client.js';
import type { Ledger } from '../ledger/index.js';
import { knownFeedSpaces } from '../flatfile/feed-space.js';
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

/**
 * Which feed a Space belongs to: the ledger knows the Space of each feed (ingress registers it before uploading), so
 * events of other Spaces — other applications', deleted ones — are dropped without a call to Flatfile. A Space not
 * known is looked up again in the ledger at most once a minute per container.
 */
export function feedResolver(deps: Pick<ListenerDeps, 'manifest' | 'ledger'>, now: () => number = Date.now) {
  let known: Promise<Map<string, Feed>> | undefined;
  const missed = new Map<string, number>();
  return async (spaceId: string | undefined): Promise<Feed | undefined> => {
    if (!spaceId) return undefined;
    const cached = await (known ??= knownFeedSpaces(deps.ledger, deps.manifest.feeds));
    const hit = cached.get(spaceId);
    if (hit || now() - (missed.get(spaceId) ?? -Infinity) < 60_000) return hit;
    missed.set(spaceId, now());
    known = knownFeedSpaces(deps.ledger, deps.manifest.feeds);
    known.catch(() => (known = undefined));
    return (await known).get(spaceId);
  };
}
