import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { Manifest } from '../manifest/index.js';
import { feedMetrics, MetricUnit } from '../telemetry/index.js';
import { METRIC_NAMES } from '../telemetry/metric-names.js';
import { isPullConfigError, type PullProblem } from './errors.js';
import { pullFeed, type PullRetry } from './pull-feed.js';
import type { PullDeps, PullReport } from './types.js';


export type PullOutcome = { ok: true; report: PullReport } | { ok: false; feed: string; problem: PullProblem; message: string };

/**
 * A scheduled pull: files pulled are counted; a misconfigured source is logged, counted and reported, not thrown, so
 * the scheduler does not retry what only a person can fix. Anything else (transient after retries, bugs) is thrown.
 */
export async function runScheduledPull(
  deps: PullDeps,
  manifest: Manifest,
  feed: string,
  telemetry: { metrics: Metrics; logger: Pick<Logger, 'info' | 'error'> },
  retry?: PullRetry,
): Promise<PullOutcome> {
  try {
    const report = await pullFeed(deps, manifest, feed, retry);
    feedMetrics(telemetry.metrics, feed, (m) => m.addMetric(METRIC_NAMES.FilesPulled, MetricUnit.Count, report.copied.length));
    telemetry.logger.info('pulled', { ...report });
    return { ok: true, report };
  } catch (e) {
    if (!isPullConfigError(e)) throw e;
    feedMetrics(telemetry.metrics, feed, (m) => m.addMetric(METRIC_NAMES.PullMisconfigured, MetricUnit.Count, 1));
    telemetry.logger.error('pull source is misconfigured; not retrying', { feed, problem: e.problem, error: e.message });
    return { ok: false, feed, problem: e.problem, message: e.message };
  }
}
