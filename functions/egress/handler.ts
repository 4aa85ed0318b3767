import * as z from 'zod';
import { createDocumentClient, createS3Client, createSqsClient } from '../../shared/aws/clients.js';
import { runEgress, type EgressDeps } from '../../shared/egress/index.js';
import { EGRESS_FLATFILE_RESOURCES } from '../../shared/egress/flatfile-resources.js';
import { connectFlatfile } from '../../shared/flatfile/connect.js';
import { Ledger } from '../../shared/ledger/index.js';
import { DEFAULT_MANIFEST_PATH, loadManifest } from '../../shared/manifest/index.js';
import { readEnv } from '../../shared/runtime/env.js';
import { once } from '../../shared/runtime/once.js';
import { sqsHandler } from '../../shared/runtime/sqs-handler.js';
import { createTelemetry } from '../../shared/telemetry/index.js';
import { EgressWork } from '../../shared/work/messages.js';

const Env = z.object({
  MANIFEST_PATH: z.string().default(DEFAULT_MANIFEST_PATH),
  LEDGER_TABLE: z.string().min(1),
  OUTBOX_BUCKET: z.string().min(1),
  REJECTS_BUCKET: z.string().min(1),
  OUTBOUND_QUEUE_URL: z.url(),
  /** The egress queue's maxReceiveCount: on the last delivery a failure also fails the Flatfile job. */
  EGRESS_MAX_RECEIVES: z.coerce.number().int().positive().default(5),
});

const telemetry = createTelemetry('egress');

const setup = once(async () => {
  const env = readEnv(Env);
  const flatfile = await connectFlatfile(EGRESS_FLATFILE_RESOURCES);
  const deps: EgressDeps = {
    api: flatfile.api,
    flatfile: { token: flatfile.token, ...(flatfile.apiUrl ? { apiUrl: flatfile.apiUrl } : {}) },
    s3: createS3Client(),
    sqs: createSqsClient(),
    ledger: new Ledger(createDocumentClient(), env.LEDGER_TABLE),
    manifest: await loadManifest(env.MANIFEST_PATH),
    buckets: { outbox: env.OUTBOX_BUCKET, rejects: env.REJECTS_BUCKET },
    outboundQueueUrl: env.OUTBOUND_QUEUE_URL,
    telemetry,
  };
  return { deps, maxReceives: env.EGRESS_MAX_RECEIVES };
});

/** Egress queue → one `flatfeed-egress` job exported, stamped, reconciled and reported. */
export const handler = sqsHandler<unknown>(telemetry, async (record) => {
  const { deps, maxReceives } = await setup();
  // A malformed message is a bug upstream: thrown, it reaches the DLQ and its alarm.
  const work = EgressWork.parse(record.body);
  const finalAttempt = Number(record.attributes.ApproximateReceiveCount ?? '1') >= maxReceives;
  telemetry.logger.appendKeys({ feed: work.feed, runId: work.runId, jobId: work.jobId });
  try {
    const result = await runEgress(work, deps, { finalAttempt });
    telemetry.logger.info('egress finished', { ...result });
  } finally {
    telemetry.logger.removeKeys(['feed', 'runId', 'jobId']);
  }
});
