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

/**
 * Emits metrics in their own EMF blob with `feed` as the only dimension, so per-feed dashboards and alarms select
 * them whichever function emitted them (a file can be rejected by ingress or by the extraction worker).
 */
export function feedMetrics(metrics: Metrics, feed: string, emit: (m: Metrics) => void): void {
  const single = metrics.singleMetric();
  single.clearDefaultDimensions();
  single.addDimension('feed', feed);
  emit(single);
}
