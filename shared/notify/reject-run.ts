import type { SQSClient } from '@aws-sdk/client-sqs';
import type { Ledger } from '../ledger/index.js';
import { MetricUnit, feedMetrics, type Telemetry } from '../telemetry/index.js';
import { sendNotice } from './outbound.js';

export interface RejectDeps {
  ledger: Ledger;
  sqs: SQSClient;
  outboundQueueUrl: string;
  telemetry: Telemetry;
}

/**
 * Ends a run as the partner's problem: terminal `rejected` state with the reason in the ledger, the FilesRejected
 * metric, and a notice on the outbound queue. Wherever a file is found bad (ingress, extraction), it ends this way.
 */
export async function rejectRun(deps: RejectDeps, feed: string, runId: string, reason: string): Promise<void> {
  await deps.ledger.updateRun(runId, { state: 'rejected', reason });
  deps.telemetry.logger.warn('file rejected', { feed, runId, reason });
  feedMetrics(deps.telemetry.metrics, feed, (m) => m.addMetric('FilesRejected', MetricUnit.Count, 1));
  const run = await deps.ledger.getRun(runId);
  await sendNotice(deps.sqs, deps.outboundQueueUrl, {
    feed,
    runId,
    sourceKey: run?.key ?? '',
    status: 'rejected',
    reason,
    counts: run?.counts ?? {},
    objects: [],
  });
}
