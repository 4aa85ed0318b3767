import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';

export { MetricUnit };

export const METRICS_NAMESPACE = 'flatfeed';

export interface Telemetry {
  logger: Logger;
  metrics: Metrics;
}

/** One logger and one EMF metrics sink per function; service name and namespace can be overridden by Powertools env. */
export function createTelemetry(serviceName: string): Telemetry {
  return {
    logger: new Logger({ serviceName }),
    metrics: new Metrics({ namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? METRICS_NAMESPACE, serviceName }),
  };
}

/** Emits metrics with a `feed` dimension in their own EMF blob, so per-feed dashboards and alarms can select them. */
export function feedMetrics(metrics: Metrics, feed: string, emit: (m: Metrics) => void): void {
  const single = metrics.singleMetric();
  single.addDimension('feed', feed);
  emit(single);
}
