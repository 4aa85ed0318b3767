// CloudWatch metric objects for the per-feed metrics the functions emit (shared/telemetry/metric-names.ts).
import { Duration } from 'aws-cdk-lib';
import { Metric } from 'aws-cdk-lib/aws-cloudwatch';
import { METRICS_NAMESPACE } from '../../shared/telemetry/index.js';
import { FEED_METRICS, type FeedMetricName } from '../../shared/telemetry/metric-names.js';

export function feedMetric(name: FeedMetricName, feed: string, statistic: string, period: Duration): Metric {
  return new Metric({
    namespace: METRICS_NAMESPACE,
    metricName: name,
    // Both dimensions: CloudWatch matches the exact set the emitter wrote (feedMetrics + Powertools' service).
    dimensionsMap: { feed, service: FEED_METRICS[name].service },
    statistic,
    period,
  });
}
