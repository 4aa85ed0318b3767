import type { FlatfileApi } from './client.js';
import { createOnce } from './create-once.js';
import { isFlatfileNotFound } from './errors.js';
import type { Feed } from '../manifest/index.js';
import type { Ledger } from '../ledger/index.js';
import { TransientError } from '../errors/index.js';
import { doOnce, forgetStep, stepState, type StepKey } from '../run/step.js';

export interface FeedSpace {
  spaceId: string;
}

const step = (feed: string): StepKey => ({ pk: `FEED#${feed}`, sk: 'STEP#space' });

/** Creating a Space takes well under a minute; a holder that died frees the step after this. */
const LEASE_SECONDS = 60;

/**
 * The feed's Space: created once (metadata naming the feed) through the step primitive, reused afterwards. When
 * two runs race, one creates it and the other retries until it is recorded. A Space deleted by a person is created
 * again. Each run gets a destination workbook of its own in it (run-workbook.ts).
 */
export async function ensureFeedSpace(
  api: Pick<FlatfileApi, 'spaces'>,
  ledger: Ledger,
  feed: Feed,
  environmentId: string,
): Promise<FeedSpace> {
  for (let round = 0; round < 2; round++) {
    const outcome = await doOnce(
      ledger,
      step(feed.name),
      async (): Promise<FeedSpace> => {
        const name = `flatfeed · ${feed.name}`;
        // Once, even when the response is lost after the platform created it: look for the feed's Space first.
        const space = await createOnce(
          async () => (await api.spaces.create({ name, environmentId, metadata: { flatfeed: { feed: feed.name, description: feed.description ?? '' } } })).data,
          async () => {
            const { data } = await api.spaces.list({ environmentId, search: name, pageSize: 100 });
            return data.find((sp) => (sp.metadata as { flatfeed?: { feed?: unknown } } | undefined)?.flatfeed?.feed === feed.name);
          },
        );
        return { spaceId: space.id };
      },
      { leaseSeconds: LEASE_SECONDS },
    );
    if (outcome.ran) return outcome.value;
    if (outcome.state === 'held') throw new TransientError(`feed ${feed.name}: its Space is being created by another run`);
    if (await stillExists(api, outcome.value)) return outcome.value;
    await forgetStep(ledger, step(feed.name));
  }
  throw new TransientError(`feed ${feed.name}: its Space was deleted while being recreated`);
}

/**
 * The Spaces flatfeed created, by id, from the ledger: events of any other Space (other applications, deleted
 * Spaces) are recognised without asking Flatfile (a `spaces.get` per foreign event, and a 404 for a deleted one).
 */
export async function knownFeedSpaces(ledger: Ledger, feeds: readonly Feed[]): Promise<Map<string, Feed>> {
  const known = new Map<string, Feed>();
  for (const feed of feeds) {
    const recorded = await stepState(ledger, step(feed.name));
    const space = recorded?.state === 'done' ? (recorded.value as FeedSpace | undefined) : undefined;
    if (space) known.set(space.spaceId, feed);
  }
  return known;
}

async function stillExists(api: Pick<FlatfileApi, 'spaces'>, s: FeedSpace): Promise<boolean> {
  try {
    await api.spaces.get(s.spaceId);
    return true;
  } catch (e) {
    if (isFlatfileNotFound(e)) return false;
    throw e;
  }
}
