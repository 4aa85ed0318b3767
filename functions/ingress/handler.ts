import { Spaces } from '@flatfile/api/api/resources/spaces/client/Client.js';
import * as z from 'zod';
import { createDocumentClient, createS3Client, createSqsClient } from '../../shared/aws/clients.js';
import { connectFlatfile } from '../../shared/flatfile/connect.js';
import { droppedObjects } from '../../shared/ingress/s3-records.js';
import { ingestObject, type IngressDeps } from '../../shared/ingress/ingest.js';
import { Ledger } from '../../shared/ledger/index.js';
import { DEFAULT_MANIFEST_PATH, loadManifest } from '../../shared/manifest/index.js';
import { readEnv } from '../../shared/runtime/env.js';
import { once } from '../../shared/runtime/once.js';
import { sqsHandler } from '../../shared/runtime/sqs-handler.js';
import { createTelemetry } from '../../shared/telemetry/index.js';

const Env = z.object({
  MANIFEST_PATH: z.string().default(DEFAULT_MANIFEST_PATH),
  LEDGER_TABLE: z.string().min(1),
  OUTBOUND_QUEUE_URL: z.url(),
  EVENTS_QUEUE_URL: z.url(),
  /** Matches the function timeout: a claim older than this belongs to a dead invocation. */
  INGRESS_LEASE_SECONDS: z.coerce.number().int().positive().default(300),
});

const telemetry = createTelemetry('ingress');

const deps = once(async (): Promise<IngressDeps> => {
  const env = readEnv(Env);
  const flatfile = await connectFlatfile({ spaces: Spaces });
  return {
    manifest: await loadManifest(env.MANIFEST_PATH),
    s3: createS3Client(),
    sqs: createSqsClient(),
    ledger: new Ledger(createDocumentClient(), env.LEDGER_TABLE),
    flatfile: flatfile.api,
    connection: { token: flatfile.token, ...(flatfile.apiUrl ? { apiUrl: flatfile.apiUrl } : {}) },
    environmentId: flatfile.environmentId,
    outboundQueueUrl: env.OUTBOUND_QUEUE_URL,
    eventsQueueUrl: env.EVENTS_QUEUE_URL,
    telemetry,
    leaseSeconds: env.INGRESS_LEASE_SECONDS,
  };
});

/** SQS (S3 ObjectCreated notifications) → each dropped object into its feed's Flatfile Space. */
export const handler = sqsHandler<unknown>(telemetry, async (record) => {
  const d = await deps();
  for (const obj of droppedObjects(record.body)) await ingestObject(d, obj);
});
