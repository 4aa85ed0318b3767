import * as z from 'zod';
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Context } from 'aws-lambda';
import { createDocumentClient, createS3Client } from '../../shared/aws/clients.js';
import { checkCadence, type CadenceReport } from '../../shared/cadence/index.js';
import { Ledger } from '../../shared/ledger/index.js';
import { DEFAULT_MANIFEST_PATH, loadManifest } from '../../shared/manifest/index.js';
import { defaultPullDeps, runScheduledPull, type PullOutcome } from '../../shared/pull/index.js';
import { readEnv } from '../../shared/runtime/env.js';
import { once } from '../../shared/runtime/once.js';
import { createTelemetry } from '../../shared/telemetry/index.js';
import { SERVICE_NAMES } from '../../shared/telemetry/metric-names.js';

const Env = z.object({
  MANIFEST_PATH: z.string().default(DEFAULT_MANIFEST_PATH),
  LEDGER_TABLE: z.string().min(1),
  INBOX_BUCKET: z.string().min(1),
});

/** The schedule's input (infra/topology.ts): `pull-<feed>` schedules and the `feed-cadence` check. */
const ScheduledEvent = z.discriminatedUnion('action', [
  z.object({ action: z.literal('pull'), feed: z.string().min(1) }),
  z.object({ action: z.literal('check-cadence') }),
]);

const telemetry = createTelemetry(SERVICE_NAMES.cronFeed);
const { logger, metrics } = telemetry;

const deps = once(async () => {
  const env = readEnv(Env);
  const ledger = new Ledger(createDocumentClient(), env.LEDGER_TABLE);
  return {
    manifest: await loadManifest(env.MANIFEST_PATH),
    ledger,
    pull: defaultPullDeps({
      s3: createS3Client(),
      inboxBucket: env.INBOX_BUCKET,
      ledger,
      log: { info: (m, d) => logger.info(m, { ...d }), warn: (m, d) => logger.warn(m, { ...d }) },
    }),
  };
});

/** EventBridge Scheduler → pull one feed's source into the inbox, or check every feed's cadence. */
export const handler = middy<unknown, PullOutcome | CadenceReport[], Error, Context>()
  // No logMetrics: every metric here carries a feed dimension and is published on its own (telemetry/feedMetrics).
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async (event) => {
    const input = ScheduledEvent.parse(event);
    const d = await deps();
    if (input.action === 'pull') return runScheduledPull(d.pull, d.manifest, input.feed, telemetry);
    return checkCadence({ manifest: d.manifest, ledger: d.ledger, metrics, logger });
  });
