import * as z from 'zod';
import { createSqsClient } from '../../shared/aws/clients.js';
import { DEFAULT_MAX_BODY_BYTES, receiveWebhook, type WebhookDeps } from '../../shared/events/webhook.js';
import { readEnv } from '../../shared/runtime/env.js';
import { once } from '../../shared/runtime/once.js';
import { urlHandler } from '../../shared/runtime/url-handler.js';
import { resolveSecret } from '../../shared/runtime/secrets.js';
import { createTelemetry, MetricUnit } from '../../shared/telemetry/index.js';

const Env = z.object({
  EVENTS_QUEUE_URL: z.url(),
  /** The HMAC key itself (local runs); in AWS it lives in Secrets Manager under WEBHOOK_SECRET_NAME. */
  WEBHOOK_SECRET: z.string().min(1).optional(),
  WEBHOOK_SECRET_NAME: z.string().min(1).optional(),
  WEBHOOK_MAX_BODY_BYTES: z.coerce.number().int().positive().default(DEFAULT_MAX_BODY_BYTES),
});

const telemetry = createTelemetry('webhook');
const { logger, metrics } = telemetry;

const deps = once(async (): Promise<WebhookDeps> => {
  const env = readEnv(Env);
  return {
    secret: () =>
      resolveSecret('webhook HMAC key', {
        ...(env.WEBHOOK_SECRET ? { value: env.WEBHOOK_SECRET } : {}),
        ...(env.WEBHOOK_SECRET_NAME ? { secretName: env.WEBHOOK_SECRET_NAME } : {}),
      }),
    sqs: createSqsClient(),
    queueUrl: env.EVENTS_QUEUE_URL,
    maxBodyBytes: env.WEBHOOK_MAX_BODY_BYTES,
    log: (level, message, details) => logger[level](message, details),
  };
});

/** Lambda Function URL (payload v2) for the forwarder agent in agent/: verify, strip credentials, enqueue. */
export const handler = urlHandler(telemetry, async (event) => {
  const res = await receiveWebhook(await deps(), {
    method: event.requestContext.http.method,
    headers: event.headers,
    ...(event.body !== undefined ? { body: event.body } : {}),
    isBase64Encoded: event.isBase64Encoded,
  });
  metrics.addMetric(res.statusCode === 202 ? 'WebhookEventsEnqueued' : 'WebhookRequestsRejected', MetricUnit.Count, 1);
  return res;
});
