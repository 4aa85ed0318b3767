import type { Feed } from '../manifest/index.js';

// Where a feed's change events go: the shared FIFO queue `changes`, or the feed's own `changes-<feed>`. The topology
// creates these queues and hands their URLs to the worker under these environment variable names.

export const changesQueueId = (feed: Pick<Feed, 'name' | 'subscribe'>): 'changes' | `changes-${string}` =>
  feed.subscribe?.queue === 'own' ? `changes-${feed.name}` : 'changes';

export const changesQueueEnv = (feed: Pick<Feed, 'name' | 'subscribe'>): string =>
  feed.subscribe?.queue === 'own' ? `CHANGES_QUEUE_URL_${feed.name.replaceAll('-', '_').toUpperCase()}` : 'CHANGES_QUEUE_URL';

/** The queue URL of a feed's changes from the environment; a missing one is a deployment bug. */
export function changesQueueUrl(feed: Pick<Feed, 'name' | 'subscribe'>, env: NodeJS.ProcessEnv = process.env): string {
  const url = env[changesQueueEnv(feed)];
  if (!url) throw new Error(`${changesQueueEnv(feed)} is not set: the topology gives the worker the changes queue of every subscribed feed`);
  return url;
}
