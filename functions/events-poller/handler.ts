import * as z from 'zod';
import { Events } from '@flatfile/api/api/resources/events/client/Client.js';
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import type { Context } from 'aws-lambda';
import { createDocumentClient, createSqsClient } from '../../shared/aws/clients.js';
import { pollEvents, type PollerDeps } from '../../shared/events/poller.js';
import { connectFlatfile } from '../../shared/flatfile/connect.js';
import { Ledger } from '../../shared/ledger/index.js';
import { readEnv } from '../../shared/runtime/env.js';
import { once } from '../../shared/runtime/once.js';
import { createTelemetry, MetricUnit } from '../../shared/telemetry/index.js';

const Env = z.object({
  EVENTS_QUEUE_URL: z.url(),
  LEDGER_TABLE: z.string().min(1),
  /** Polling time per invocation; the schedule starts one every minute. */
  EVENTS_POLL_SECONDS: z.coerce.number().positive().default(50),
  /** Time kept back from the Lambda timeout to finish the page in hand and report. */
  EVENTS_POLL_RESERVE_MS: z.coerce.number().int().nonnegative().default(8000),
  EVENTS_PAGE_SIZE: z.coerce.number().int().min(1).max(10_000).default(1000),
  EVENTS_POLL_INTERVAL_MS: z.coerce.number().int().positive().default(2000),
  EVENTS_OVERLAP_MS: z.coerce.number().int().nonnegative().default(5000),
  /** Where a first run starts (ISO); without it, the time of the first poll (deployment), never the history. */
  EVENTS_START_AT: z.iso.datetime().optional(),
});

const telemetry = createTelemetry('events-poller');
const { logger, metrics } = telemetry;

const deps = once(async () => {
  const env = readEnv(Env);
  const flatfile = await connectFlatfile({ events: Events });
  const poller: PollerDeps = {
    api: flatfile.api,
    environmentId: flatfile.environmentId,
    ledger: new Ledger(createDocumentClient(), env.LEDGER_TABLE),
    sqs: createSqsClient(),
    queueUrl: env.EVENTS_QUEUE_URL,
    log: (message, details) => logger.debug(message, details),
  };
  return { env, poller };
});

/** Scheduled every minute: Flatfile events → the events FIFO queue, for up to EVENTS_POLL_SECONDS. */
export const handler = middy<unknown, void, Error, Context>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(logMetrics(metrics))
  .handler(async (_event, context) => {
    const { env, poller } = await deps();
    const deadline = Math.min(
      Date.now() + env.EVENTS_POLL_SECONDS * 1000,
      Date.now() + context.getRemainingTimeInMillis() - env.EVENTS_POLL_RESERVE_MS,
    );
    const report = await pollEvents(poller, {
      deadline,
      pageSize: env.EVENTS_PAGE_SIZE,
      intervalMs: env.EVENTS_POLL_INTERVAL_MS,
      overlapMs: env.EVENTS_OVERLAP_MS,
      ...(env.EVENTS_START_AT ? { startAt: env.EVENTS_START_AT } : {}),
    });
    metrics.addMetric('EventsPolled', MetricUnit.Count, report.enqueued);
    logger.info('events polled', { ...report });
  });
