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

// The emulator announces plan updates with job:updated (realism `planUpdateEvents`, on by default), as the platform
// may: the listener plans a map job on job:updated, so its own PUT /jobs/{id}/plan comes back to it. The review path
// of a file uploaded in the UI (no run to end) is the one that would plan forever.

const TOKEN = 'sk_test_plan_loop';
let emulator: Emulator;
let local: LocalAws;
let manifest: Manifest;
let ledger: Ledger;
let api: FlatfileApi;
const planUpdates: string[] = [];

beforeAll(async () => {
  emulator = await startEmulator({ token: TOKEN, log: () => {}, realism: { history: false } });
  manifest = await loadManifest();
  local = await startLocalAws({ topology: buildTopology(manifest) });
  ledger = new Ledger(createDocumentClient(local.clients.dynamodb), local.names.tables.ledger);
  api = createFlatfileClient({ token: TOKEN, apiUrl: emulator.url }, ALL_FLATFILE_RESOURCES);
  const update = api.jobs.updateExecutionPlan.bind(api.jobs);
  api.jobs.updateExecutionPlan = ((jobId: string, ...rest: Parameters<typeof update> extends [string, ...infer R] ? R : never) => {
    planUpdates.push(jobId);
    return update(jobId, ...rest);
  }) as typeof api.jobs.updateExecutionPlan;
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

describe('a plan update that re-triggers job:updated', () => {
  it('is planned once: the review path ends instead of updating the plan again on its own event', async () => {
    const feed = manifest.feeds.find((f) => f.name === 'contacts')!;
    const { spaceId } = await ensureFeedSpace(api, ledger, feed, emulator.environmentId);
    // A person's upload in the UI: no run. The platform suggests "Compny" → company by a fuzzy match below the feed's
    // minimum certainty, which the listener drops (so it updates the plan); no column is the required email, so the
    // plan needs review.
    await api.files.upload(new File(['Compny,Colour\nAcme,red\n'], 'unrelated.csv'), { spaceId, environmentId: emulator.environmentId });

    const routes = pipelineRoutes(deps());
    const seen = new Set<string>();
    let updates = 0;
    for (let quiet = 0; quiet < 2; ) {
      await emulator.services.jobs.idle();
      await emulator.services.writer.idle();
      const fresh = emulator.services.state.events
        .list({ environmentId: emulator.environmentId, spaceId, includeAcknowledged: true, pageSize: 10_000, pageNumber: 1 })
        .filter((e) => !seen.has(e.id));
      quiet = fresh.length === 0 ? quiet + 1 : 0;
      for (const event of fresh) {
        seen.add(event.id);
        if (event.topic === 'job:updated') updates++;
        // A loop would go on for ever; 20 job:updated events is far more than one mapping needs.
        expect(updates, 'job:updated events: the listener keeps re-planning').toBeLessThan(20);
        await dispatchStrict(routes, event, { token: TOKEN, apiUrl: emulator.url });
      }
    }

    expect(planUpdates).toHaveLength(1);
    const { data: job } = await api.jobs.get(planUpdates[0]!);
    expect(job.status).toBe('planning');
    // The emulator did announce the update: the test meets the event it is about.
    const ofJob = emulator.services.state.events
      .list({ environmentId: emulator.environmentId, spaceId, includeAcknowledged: true, pageSize: 10_000, pageNumber: 1 })
      .filter((e) => e.topic === 'job:updated' && e.context.jobId === job.id);
    expect(ofJob.length).toBeGreaterThanOrEqual(2);
  });
});
