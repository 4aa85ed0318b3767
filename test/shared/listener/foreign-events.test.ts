import { beforeAll, describe, expect, it } from 'vitest';
import { ensureFeedSpace } from '../../../shared/flatfile/feed-space.js';
import { dispatchStrict, pipelineRoutes } from '../../../shared/listener/index.js';
import { listenerWorld } from '../../support/listener.js';

// The listener meets the whole environment's events: another application's Spaces, Spaces deleted since, history.

const TOKEN = 'sk_test_foreign';
const world = listenerWorld(TOKEN);
let spaceGets: string[];

beforeAll(() => {
  spaceGets = [];
  const get = world.api.spaces.get.bind(world.api.spaces);
  // Counts the lookups a foreign event costs; the call itself is the real one.
  world.api.spaces.get = ((id: string, ...rest: []) => (spaceGets.push(id), get(id, ...rest))) as typeof world.api.spaces.get;
});

describe('listener routes and events that are not flatfeed\'s', () => {
  it('drops events of foreign and deleted Spaces without asking Flatfile, and without failing', async () => {
    const { api, ledger, emulator, manifest, deps } = world;
    // One Space of ours, known to the ledger as ingress leaves it.
    await ensureFeedSpace(api, ledger, manifest.feeds[0]!, emulator.environmentId);
    spaceGets.length = 0;
    const history = emulator.services.state.events.list({ environmentId: emulator.environmentId, includeAcknowledged: true, pageSize: 1000, pageNumber: 1 });
    const topics = history.map((e) => e.topic);
    expect(topics).toEqual(expect.arrayContaining(['space:deleted', 'file:created', 'job:completed', 'commit:created']));
    const deleted = history.find((e) => e.topic === 'space:deleted')!.context.spaceId as string;
    await expect(api.spaces.get(deleted)).rejects.toMatchObject({ status: 404 });
    spaceGets.length = 0;

    const routes = pipelineRoutes(deps());
    for (const event of history) await dispatchStrict(routes, event, { token: TOKEN, apiUrl: emulator.url });
    expect(spaceGets).toEqual([]);
  });
});
