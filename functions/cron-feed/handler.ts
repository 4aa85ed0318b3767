import * as z from 'zod';
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Context } from 'aws-lambda';
import { Jobs } from '@flatfile/api/api/resources/jobs/client/Client.js';
import { Records } from '@flatfile/api/api/resources/records/client/Client.js';
import { Sheets } from '@flatfile/api/api/resources/sheets/client/Client.js';
import { Workbooks } from '@flatfile/api/api/resources/workbooks/client/Client.js';
import { createDocumentClient, createS3Client } from '../../shared/aws/clients.js';
import { resyncFeed, type ResyncOutcome } from '../../shared/egress/resync.js';
import { connectFlatfile } from '../../shared/flatfile/connect.js';
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

/** The schedule's input (infra/topology.ts): `pull-<feed>` and `resync-<feed>` schedules, and the `feed-cadence` check. */
const ScheduledEvent = z.discriminatedUnion('action', [
  z.object({ action: z.literal('pull'), feed: z.string().min(1) }),
  z.object({ action: z.literal('check-cadence') }),
  z.object({ action: z.literal('resync'), feed: z.string().min(1) }),
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

/** Flatfile, for re-syncs only (pulls and the cadence check never call it): the resources they use. */
const flatfile = once(() => connectFlatfile({ jobs: Jobs, records: Records, sheets: Sheets, workbooks: Workbooks }));

/** EventBridge Scheduler → pull one feed's source into the inbox, re-sync a feed's workbooks, or check every feed's cadence. */
export const handler = middy<unknown, PullOutcome | CadenceReport[] | ResyncOutcome, Error, Context>()
  // No logMetrics: every metric here carries a feed dimension and is published on its own (telemetry/feedMetrics).
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async (event) => {
    const input = ScheduledEvent.parse(event);
    const d = await deps();
    if (input.action === 'pull') return runScheduledPull(d.pull, d.manifest, input.feed, telemetry);
    if (input.action === 'resync') {
      const feed = d.manifest.feeds.find((f) => f.name === input.feed);
      if (!feed) throw new Error(`feed ${input.feed} is not in the manifest`);
      const outcome = await resyncFeed({ api: (await flatfile()).api, ledger: d.ledger }, feed);
      logger.info('re-sync', { feed: feed.name, workbooks: outcome.workbooks, started: outcome.started, abandoned: outcome.abandoned });
      return outcome;
    }
    return checkCadence({ manifest: d.manifest, ledger: d.ledger, metrics, logger });
  });
