import type { SQSClient } from '@aws-sdk/client-sqs';
import type { Ledger, Run, RunChanges } from '../ledger/index.js';
import { sendNotice } from '../notify/outbound.js';
import { feedMetrics, MetricUnit, type Telemetry } from '../telemetry/index.js';
import type { FeedMetricName } from '../telemetry/metric-names.js';
import type { TerminalState } from './states.js';
import { moveRun, type MoveResult } from './transition.js';

export interface EndDeps {
  ledger: Ledger;
  sqs: SQSClient;
  outboundQueueUrl: string;
  telemetry: Telemetry;
}

/** The per-feed metric each kind of end counts in (alarms: infra/constructs/monitoring.ts). */
const METRIC: Partial<Record<TerminalState, FeedMetricName>> = {
  rejected: 'FilesRejected',
  unrouted: 'FilesUnrouted',
  failed: 'RunsFailed',
  'needs-review': 'RunsNeedingReview',
  stalled: 'RunsStalled',
};

/**
 * Ends a run that did not reach egress: the terminal state with its reason in the ledger, a metric and a notice on
 * the outbound queue. Only the caller that actually moved the run sends the notice, so a repeated message never
 * sends a second one; a run already ended elsewhere stays as it is.
 */
export async function endRun(
  deps: EndDeps,
  runId: string,
  state: Exclude<TerminalState, 'done' | 'mismatch'>,
  reason: string,
  changes: RunChanges = {},
): Promise<MoveResult> {
  const result = await moveRun(deps.ledger, runId, state, { ...changes, reason });
  if (!result.moved) {
    deps.telemetry.logger.info('run not ended: it is elsewhere already', { runId, wanted: state, state: result.state });
    return result;
  }
  const run: Run = result.run;
  const log = state === 'failed' || state === 'stalled' ? 'error' : 'warn';
  deps.telemetry.logger[log](`run ${state}`, { feed: run.feed, runId, reason });
  const metric = METRIC[state];
  if (metric) feedMetrics(deps.telemetry.metrics, run.feed, (m) => m.addMetric(metric, MetricUnit.Count, 1));
  await sendNotice(deps.sqs, deps.outboundQueueUrl, {
    feed: run.feed,
    runId,
    sourceKey: run.key,
    status: state,
    reason,
    ...(run.missingFields?.length ? { missingFields: run.missingFields } : {}),
    counts: run.counts,
    objects: [],
  });
  return result;
}
