import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { Ledger } from '../ledger/index.js';
import type { Manifest } from '../manifest/index.js';
import { feedMetrics, MetricUnit } from '../telemetry/index.js';
import { METRIC_NAMES } from '../telemetry/metric-names.js';
import { assessCadence, type CadenceVerdict } from './staleness.js';

export interface CadenceDeps {
  manifest: Manifest;
  ledger: Pick<Ledger, 'listRuns'>;
  metrics: Metrics;
  logger: Pick<Logger, 'info' | 'warn'>;
  now?: () => Date;
}

export type CadenceReport = CadenceVerdict & { feed: string; lastFileAt?: string };

/** Every feed with a cadence: FeedStale 0 or 1 (the alarm needs a datapoint each time) and minutes since its last file. */
export async function checkCadence(deps: CadenceDeps): Promise<CadenceReport[]> {
  const now = (deps.now ?? (() => new Date()))();
  const reports: CadenceReport[] = [];
  for (const feed of deps.manifest.feeds) {
    const cadence = feed.expectations.cadence;
    if (!cadence) continue;
    const [newest] = await deps.ledger.listRuns(feed.name, undefined, 1);
    const lastFileAt = newest ? new Date(newest.createdAt) : undefined;
    const verdict = assessCadence(cadence, now, lastFileAt);
    // One feedMetrics call per metric: a single metric publishes (and forgets its dimensions) on addMetric.
    feedMetrics(deps.metrics, feed.name, (m) => m.addMetric(METRIC_NAMES.FeedStale, MetricUnit.Count, verdict.stale ? 1 : 0));
    const minutes = verdict.minutesSinceLastFile;
    if (minutes !== undefined) {
      feedMetrics(deps.metrics, feed.name, (m) => m.addMetric(METRIC_NAMES.MinutesSinceLastFile, MetricUnit.Count, minutes));
    }
    const report: CadenceReport = { feed: feed.name, ...verdict, ...(newest ? { lastFileAt: newest.createdAt } : {}) };
    if (verdict.stale) deps.logger.warn('feed is stale: no file by its expected arrival plus grace', { ...report });
    else deps.logger.info('feed is on cadence', { ...report });
    reports.push(report);
  }
  return reports;
}
