import type { FlatfileApi } from './client.js';
import type { Feed } from '../manifest/index.js';
import type { Ledger } from '../ledger/index.js';
import { workbookConfig } from './blueprint.js';

export interface FeedSpace {
  spaceId: string;
  workbookId: string;
  sheetId: string;
}

const key = (feed: string) => ({ pk: `FEED#${feed}`, sk: 'SPACE' });

/**
 * The feed's Space and destination workbook: created on first use (metadata naming the feed), reused afterwards.
 * The ledger remembers it; when two runs race to create it, the loser deletes its space and uses the winner's.
 */
export async function ensureFeedSpace(
  api: FlatfileApi,
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
  const { data: workbook } = await api.workbooks.create(workbookConfig(feed, space.id, environmentId));
  const sheetId = workbook.sheets?.find((s) => s.slug === feed.sheet.slug)?.id;
  if (!sheetId) throw new Error(`workbook ${workbook.id} has no sheet "${feed.sheet.slug}"`);
  await api.spaces.update(space.id, { primaryWorkbookId: workbook.id });
  const created: FeedSpace = { spaceId: space.id, workbookId: workbook.id, sheetId };

  if (await ledger.replaceValue(pk, sk, created, known)) return created;
  await api.spaces.delete(space.id);
  const winner = await ledger.getValue<FeedSpace>(pk, sk);
  if (!winner) throw new Error(`feed ${feed.name}: space registration vanished`);
  return winner;
}

async function stillExists(api: FlatfileApi, s: FeedSpace): Promise<boolean> {
  try {
    await api.workbooks.get(s.workbookId);
    return true;
  } catch (e) {
    if ((e as { statusCode?: number }).statusCode === 404) return false;
    throw e;
  }
}
