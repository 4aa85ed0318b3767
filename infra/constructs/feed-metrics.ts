// CloudWatch metric objects for the per-feed metrics the functions emit (shared/telemetry/metric-names.ts).
import { Duration } from 'aws-cdk-lib';
import { Metric } from 'aws-cdk-lib/aws-cloudwatch';
import { METRICS_NAMESPACE } from '../../shared/telemetry/index.js';
import type { FeedMetricName } from '../../shared/telemetry/metric-names.js';

export function feedMetric(name: FeedMetricName, feed: string, statistic: string, period: Duration): Metric {
  return new Metric({
    namespace: METRICS_NAMESPACE,
    metricName: name,
    // Exactly the dimensions the emitters write (shared/telemetry feedMetrics): the feed, nothing else.
    dimensionsMap: { feed },
    statistic,
    period,
  });
}
