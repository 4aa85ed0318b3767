import * as z from 'zod';
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Events } from '@flatfile/api/api/resources/events/client/Client.js';
import { Jobs } from '@flatfile/api/api/resources/jobs/client/Client.js';
import type { Context } from 'aws-lambda';
import { createDocumentClient, createSqsClient } from '../../shared/aws/clients.js';
import { connectFlatfile } from '../../shared/flatfile/connect.js';
import { Ledger } from '../../shared/ledger/index.js';
import { STAGES } from '../../shared/run/states.js';
import { readEnv } from '../../shared/runtime/env.js';
import { once } from '../../shared/runtime/once.js';
import { createTelemetry } from '../../shared/telemetry/index.js';
import { SERVICE_NAMES } from '../../shared/telemetry/metric-names.js';
import { JOB_HEARTBEAT_MS } from '../../shared/flatfile/job-heartbeat.js';
import { keepQueuedJobsAlive, patrolRuns, type PatrolReport, type WatchdogDeps } from '../../shared/watchdog/index.js';

/** Seconds per stage, derived from the topology's timeouts (infra/topology.ts `stageDeadlines`). */
const Deadlines = z.object(Object.fromEntries(STAGES.map((s) => [s, z.number().positive()])) as Record<(typeof STAGES)[number], z.ZodNumber>);

const Env = z.object({
  LEDGER_TABLE: z.string().min(1),
  INGRESS_QUEUE_URL: z.url(),
  EVENTS_QUEUE_URL: z.url(),
  OUTBOUND_QUEUE_URL: z.url(),
  STAGE_DEADLINES: z.string().transform((s, ctx) => {
    const parsed = Deadlines.safeParse(JSON.parse(s));
    if (!parsed.success) ctx.addIssue({ code: 'custom', message: `STAGE_DEADLINES: ${parsed.error.message}` });
    return parsed.data!;
  }),
});

const telemetry = createTelemetry(SERVICE_NAMES.watchdog);
const { logger } = telemetry;

const setup = once(async () => {
  const env = readEnv(Env);
  const flatfile = await connectFlatfile({ events: Events, jobs: Jobs });
  const deps: WatchdogDeps = {
    ledger: new Ledger(createDocumentClient(), env.LEDGER_TABLE),
    sqs: createSqsClient(),
    api: flatfile.api,
    environmentId: flatfile.environmentId,
    queues: { ingress: env.INGRESS_QUEUE_URL, events: env.EVENTS_QUEUE_URL },
    outboundQueueUrl: env.OUTBOUND_QUEUE_URL,
    telemetry,
  };
  return { deps, jobs: { ledger: deps.ledger, api: flatfile.api, telemetry }, deadlines: env.STAGE_DEADLINES };
});

/**
 * EventBridge Scheduler, every minute → runs without progress past their stage's deadline are re-driven once, else
 * ended `stalled`. A run it could not handle fails the invocation (the watchdog-errors alarm) after the others.
 */
export const handler = middy<unknown, PatrolReport, Error, Context>()
  // No logMetrics: every metric here carries a feed dimension and is published on its own (telemetry/feedMetrics).
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async () => {
    const { deps, jobs, deadlines } = await setup();
    const report = await patrolRuns(deps, { deadlines });
    // Jobs whose work waits in a queue longer than a heartbeat are acknowledged for it (keep-queued.ts).
    const now = Date.now();
    const before = (seconds: number) => new Date(now - seconds * 1000);
    const kept = await keepQueuedJobsAlive(jobs, {
      idleBefore: before(JOB_HEARTBEAT_MS / 1000),
      staleBefore: { extracting: before(deadlines.extracting), egressing: before(deadlines.egressing) },
    });
    if (kept.length > 0) logger.info('queued jobs kept alive', { jobs: kept.length });
    if (report.idle > 0) logger.info('watchdog pass', { idle: report.idle, redriven: report.redriven.length, stalled: report.stalled.length, failed: report.failed.length });
    if (report.failed.length > 0) throw new Error(`watchdog: ${report.failed.length} run(s) could not be handled: ${report.failed.map((f) => `${f.runId}: ${f.error}`).join('; ')}`);
    return report;
  });
