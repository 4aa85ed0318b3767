import * as z from 'zod';
import { createDocumentClient, createS3Client } from '../../shared/aws/clients.js';
import { Ledger } from '../../shared/ledger/index.js';
import { DEFAULT_MANIFEST_PATH, loadManifest } from '../../shared/manifest/index.js';
import { readEnv } from '../../shared/runtime/env.js';
import { once } from '../../shared/runtime/once.js';
import { urlHandler } from '../../shared/runtime/url-handler.js';
import { resolveSecret } from '../../shared/runtime/secrets.js';
import { createTelemetry, MetricUnit } from '../../shared/telemetry/index.js';
import { SERVICE_NAMES } from '../../shared/telemetry/metric-names.js';
import { receiveWrite, type WriteDeps } from '../../shared/write/receive.js';

const Env = z.object({
  MANIFEST_PATH: z.string().default(DEFAULT_MANIFEST_PATH),
  LEDGER_TABLE: z.string().min(1),
  INBOX_BUCKET: z.string().min(1),
  /** The HMAC key itself (local runs); in AWS it lives in Secrets Manager under WRITE_SECRET_NAME. */
  WRITE_SECRET: z.string().min(1).optional(),
  WRITE_SECRET_NAME: z.string().min(1).optional(),
});

const telemetry = createTelemetry(SERVICE_NAMES.recordWrite);
const { logger, metrics } = telemetry;

const deps = once(async (): Promise<WriteDeps> => {
  const env = readEnv(Env);
  return {
    manifest: await loadManifest(env.MANIFEST_PATH),
    s3: createS3Client(),
    inboxBucket: env.INBOX_BUCKET,
    ledger: new Ledger(createDocumentClient(), env.LEDGER_TABLE),
    secret: () =>
      resolveSecret('record write HMAC key', {
        ...(env.WRITE_SECRET ? { value: env.WRITE_SECRET } : {}),
        ...(env.WRITE_SECRET_NAME ? { secretName: env.WRITE_SECRET_NAME } : {}),
      }),
    log: (level, message, details) => logger[level](message, details),
  };
});

/** Function URL: POST /feeds/<feed>/records, signed, with an Idempotency-Key → one JSON(L) object in the inbox. */
export const handler = urlHandler(telemetry, async (event) => {
  const res = await receiveWrite(await deps(), {
    method: event.requestContext.http.method,
    path: event.rawPath,
    headers: event.headers,
    ...(event.body !== undefined ? { body: event.body } : {}),
    isBase64Encoded: event.isBase64Encoded,
  });
  metrics.addMetric(res.statusCode === 202 ? 'RecordWritesAccepted' : res.statusCode === 200 ? 'RecordWritesRepeated' : 'RecordWritesRefused', MetricUnit.Count, 1);
  return res;
});
