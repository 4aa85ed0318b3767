import type { FlatfileApi } from './client.js';
import type { Feed } from '../manifest/index.js';
import type { Ledger } from '../ledger/index.js';

export interface FeedSpace {
  spaceId: string;
}

const key = (feed: string) => ({ pk: `FEED#${feed}`, sk: 'SPACE' });

/**
 * The feed's Space: created on first use (metadata naming the feed), reused afterwards. The ledger remembers it;
 * when two runs race to create it, the loser deletes its Space and uses the winner's. Each run gets a destination
 * workbook of its own in it (run-workbook.ts).
 */
export async function ensureFeedSpace(
  api: Pick<FlatfileApi, 'spaces'>,
  ledger: Ledger,
  feed: Feed,
  environmentId: string,
): Promise<FeedSpace> {
  const { pk, sk } = key(feed.name);
  const known = await ledger.getValue<FeedSpace>(pk, sk);
  if (known && (await stillExists(api, known))) return known;

  const { data: space } = await api.spaces.create({
    name: `flatfeed · ${feed.name}`,
    environmentId,
    metadata: { flatfeed: { feed: feed.name, description: feed.description ?? '' } },
  });
  const created: FeedSpace = { spaceId: space.id };
  if (await ledger.replaceValue(pk, sk, created, known)) return created;
  await api.spaces.delete(space.id);
  const winner = await ledger.getValue<FeedSpace>(pk, sk);
  if (!winner) throw new Error(`feed ${feed.name}: space registration vanished`);
  return winner;
}

async function stillExists(api: Pick<FlatfileApi, 'spaces'>, s: FeedSpace): Promise<boolean> {
  try {
    await api.spaces.get(s.spaceId);
    return true;
  } catch (e) {
    if ((e as { statusCode?: number }).statusCode === 404) return false;
    throw e;
  }
}
