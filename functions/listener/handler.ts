import * as z from 'zod';
import { createDocumentClient, createSqsClient } from '../../shared/aws/clients.js';
import { processOnce } from '../../shared/events/once-per-event.js';
import { ALL_FLATFILE_RESOURCES } from '../../shared/flatfile/all-resources.js';
import { connectFlatfile } from '../../shared/flatfile/connect.js';
import { Ledger } from '../../shared/ledger/index.js';
import { destinationCheck, dispatchStrict, pipelineRoutes, type ListenerDeps } from '../../shared/listener/index.js';
import { DEFAULT_MANIFEST_PATH, loadManifest } from '../../shared/manifest/index.js';
import { readEnv } from '../../shared/runtime/env.js';
import { once } from '../../shared/runtime/once.js';
import { sqsFifoHandler } from '../../shared/runtime/sqs-handler.js';
import { createTelemetry } from '../../shared/telemetry/index.js';

const Env = z.object({
  MANIFEST_PATH: z.string().default(DEFAULT_MANIFEST_PATH),
  LEDGER_TABLE: z.string().min(1),
  WORK_QUEUE_URL: z.url(),
  EGRESS_QUEUE_URL: z.url(),
  OUTBOUND_QUEUE_URL: z.url(),
});

const telemetry = createTelemetry('listener');

const setup = once(async () => {
  const env = readEnv(Env);
  const flatfile = await connectFlatfile(ALL_FLATFILE_RESOURCES);
  const deps: ListenerDeps = {
    api: flatfile.api,
    environmentId: flatfile.environmentId,
    manifest: await loadManifest(env.MANIFEST_PATH),
    ledger: new Ledger(createDocumentClient(), env.LEDGER_TABLE),
    sqs: createSqsClient(),
    queues: { work: env.WORK_QUEUE_URL, egress: env.EGRESS_QUEUE_URL, outbound: env.OUTBOUND_QUEUE_URL },
    telemetry,
    isDestination: destinationCheck(flatfile.api),
  };
  return { deps, routes: pipelineRoutes(deps), credentials: { token: flatfile.token, ...(flatfile.apiUrl ? { apiUrl: flatfile.apiUrl } : {}) } };
});

interface FlatfileEventBody {
  id: string;
  topic: string;
  context?: { spaceId?: string };
}

/** Events FIFO → each Flatfile event through the pipeline's routes, once, in order per Space. */
export const handler = sqsFifoHandler<FlatfileEventBody>(telemetry, async (record) => {
  const { deps, routes, credentials } = await setup();
  const event = record.body;
  telemetry.logger.appendKeys({ eventId: event.id, topic: event.topic, spaceId: event.context?.spaceId });
  try {
    const outcome = await processOnce(deps.ledger, event.id, () => dispatchStrict(routes, event, credentials));
    if (!outcome.ran) telemetry.logger.debug('event skipped', { reason: outcome.reason });
  } finally {
    telemetry.logger.removeKeys(['eventId', 'topic', 'spaceId']);
  }
});
