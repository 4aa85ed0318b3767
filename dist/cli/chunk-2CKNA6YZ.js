// shared/telemetry/index.ts
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
function feedMetrics(metrics, feed, emit) {
  const single = metrics.singleMetric();
  single.clearDefaultDimensions();
  single.addDimension("feed", feed);
  emit(single);
}

export {
  MetricUnit,
  feedMetrics
};
//# sourceMappingURL=chunk-2CKNA6YZ.js.map
