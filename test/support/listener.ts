// The listener's routes against the real emulator and the local AWS services, for tests that call routes directly.
import { afterAll, beforeAll } from 'vitest';
import { startEmulator, type Emulator } from '../../emulator/index.js';
import { buildTopology } from '../../infra/topology.js';
import { startLocalAws, type LocalAws } from '../../local/aws.js';
import { createDocumentClient } from '../../shared/aws/clients.js';
import { ALL_FLATFILE_RESOURCES } from '../../shared/flatfile/all-resources.js';
import { createFlatfileClient, type FlatfileApi } from '../../shared/flatfile/client.js';
import { Ledger } from '../../shared/ledger/index.js';
import { destinationCheck, type ListenerDeps } from '../../shared/listener/index.js';
import { loadManifest, type Manifest } from '../../shared/manifest/index.js';
import { createTelemetry } from '../../shared/telemetry/index.js';

export interface ListenerWorld {
  emulator: Emulator;
  local: LocalAws;
  manifest: Manifest;
  ledger: Ledger;
  /** The real SDK clients on the emulator; a test may wrap a method to count calls. */
  api: FlatfileApi;
  deps(): ListenerDeps;
}

/** Starts the emulator and local AWS before the file's tests and stops them after; fields are set in beforeAll. */
export function listenerWorld(token: string): ListenerWorld {
  const world = {} as ListenerWorld;
  beforeAll(async () => {
    world.emulator = await startEmulator({ token, log: () => {} });
    world.manifest = await loadManifest();
    world.local = await startLocalAws({ topology: buildTopology(world.manifest) });
    world.ledger = new Ledger(createDocumentClient(world.local.clients.dynamodb), world.local.names.tables.ledger);
    world.api = createFlatfileClient({ token, apiUrl: world.emulator.url }, ALL_FLATFILE_RESOURCES);
    world.deps = () => ({
      api: world.api,
      environmentId: world.emulator.environmentId,
      manifest: world.manifest,
      ledger: world.ledger,
      sqs: world.local.clients.sqs,
      queues: { work: world.local.queueUrls.work, egress: world.local.queueUrls.egress, outbound: world.local.queueUrls.outbound },
      telemetry: createTelemetry('listener-test'),
      isDestination: destinationCheck(world.api),
    });
  });
  afterAll(async () => {
    await world.local?.stop();
    await world.emulator?.stop();
  });
  return world;
}
