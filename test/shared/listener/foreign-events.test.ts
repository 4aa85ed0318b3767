import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../../emulator/index.js';
import { buildTopology } from '../../../infra/topology.js';
import { startLocalAws, type LocalAws } from '../../../local/aws.js';
import { createDocumentClient } from '../../../shared/aws/clients.js';
import { ALL_FLATFILE_RESOURCES } from '../../../shared/flatfile/all-resources.js';
import { createFlatfileClient, type FlatfileApi } from '../../../shared/flatfile/client.js';
import { ensureFeedSpace } from '../../../shared/flatfile/feed-space.js';
import { Ledger } from '../../../shared/ledger/index.js';
import { destinationCheck, dispatchStrict, pipelineRoutes, type ListenerDeps } from '../../../shared/listener/index.js';
import { loadManifest, type Manifest } from '../../../shared/manifest/index.js';
import { createTelemetry } from '../../../shared/telemetry/index.js';

// The listener meets the whole environment's events: another application's Spaces, Spaces deleted since, history.

const TOKEN = 'sk_test_foreign';
let emulator: Emulator;
let local: LocalAws;
let manifest: Manifest;
let ledger: Ledger;
let spaceGets: string[];
let api: FlatfileApi;

beforeAll(async () => {
  emulator = await startEmulator({ token: TOKEN, log: () => {} });
  manifest = await loadManifest();
  local = await startLocalAws({ topology: buildTopology(manifest) });
  ledger = new Ledger(createDocumentClient(local.clients.dynamodb), local.names.tables.ledger);
  spaceGets = [];
  const real = createFlatfileClient({ token: TOKEN, apiUrl: emulator.url }, ALL_FLATFILE_RESOURCES);
  const get = real.spaces.get.bind(real.spaces);
  // Counts the lookups a foreign event costs; the call itself is the real one.
  real.spaces.get = ((id: string, ...rest: []) => (spaceGets.push(id), get(id, ...rest))) as typeof real.spaces.get;
  api = real;
});
afterAll(async () => {
  await local?.stop();
  await emulator?.stop();
});

function deps(): ListenerDeps {
  return {
    api,
    environmentId: emulator.environmentId,
    manifest,
    ledger,
    sqs: local.clients.sqs,
    queues: { work: local.queueUrls.work, egress: local.queueUrls.egress, outbound: local.queueUrls.outbound },
    telemetry: createTelemetry('listener-test'),
    isDestination: destinationCheck(api),
  };
}

describe('listener routes and events that are not flatfeed\'s', () => {
  it('drops events of foreign and deleted Spaces without asking Flatfile, and without failing', async () => {
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
