// The pipeline's per-feed metrics: one list that the functions emit from and the CDK dashboard and alarms read, so
// both sides agree on names and units. Namespace `flatfeed` (METRICS_NAMESPACE), one dimension, `feed` (feedMetrics
// drops Powertools' `service` dimension: CloudWatch matches dimensions exactly, and several functions emit some of
// these, e.g. FilesRejected from ingress and from extraction). `service` below documents who emits each.

/** Powertools service name per function folder under functions/ (the stack sets POWERTOOLS_SERVICE_NAME to this). */
export const SERVICE_NAMES = {
  ingress: 'ingress',
  eventsPoller: 'events-poller',
  webhook: 'webhook',
  listener: 'listener',
  worker: 'worker',
  egress: 'egress',
  cronFeed: 'cron-feed',
  proxy: 'proxy',
  recordWrite: 'record-write',
  watchdog: 'watchdog',
} as const;

export type ServiceName = (typeof SERVICE_NAMES)[keyof typeof SERVICE_NAMES];

export interface MetricDefinition {
  /** Powertools MetricUnit value. */
  unit: 'Count' | 'Seconds';
  /** The function(s) that emit it, for people reading a dashboard. */
  service: ServiceName | readonly ServiceName[];
  description: string;
}

export const FEED_METRICS = {
  FilesReceived: { unit: 'Count', service: 'ingress', description: 'a file was claimed for a run' },
  FilesRejected: { unit: 'Count', service: ['ingress', 'worker'], description: 'a file was rejected terminally (format, size, content)' },
  FilesUnrouted: { unit: 'Count', service: ['ingress'], description: 'an inbox object no feed claims ended `unrouted` (feed `(unrouted)`)' },
  RunsNeedingReview: { unit: 'Count', service: 'listener', description: 'a mapping was handed to a person' },
  RecordsRead: { unit: 'Count', service: 'listener', description: 'records extracted, counted when mapping starts' },
  RecordsValid: { unit: 'Count', service: 'egress', description: 'valid records, counted when the run closes' },
  RecordsInvalid: { unit: 'Count', service: 'egress', description: 'invalid records, counted when the run closes' },
  RecordsEgressed: { unit: 'Count', service: 'egress', description: 'records written to the outbox' },
  RunsMismatched: { unit: 'Count', service: 'egress', description: 'a closed run whose counts do not reconcile' },
  IngressSeconds: { unit: 'Seconds', service: 'ingress', description: 'inbox object to Flatfile upload' },
  ExtractSeconds: { unit: 'Seconds', service: 'worker', description: 'extraction job duration' },
  EgressSeconds: { unit: 'Seconds', service: 'egress', description: 'egress job duration' },
  FeedStale: { unit: 'Count', service: 'cron-feed', description: '1 if no file arrived by cadence + grace, else 0' },
  MinutesSinceLastFile: { unit: 'Count', service: 'cron-feed', description: 'minutes since the feed last got a file' },
  FilesPulled: { unit: 'Count', service: 'cron-feed', description: 'files a scheduled pull copied into the inbox' },
  RunsFailed: { unit: 'Count', service: ['ingress', 'listener', 'worker', 'egress'], description: 'a run ended failed: a platform job, configuration or credentials' },
  PullMisconfigured: { unit: 'Count', service: 'cron-feed', description: 'a scheduled pull failed on auth, host key or a missing source' },
  RunsRedriven: { unit: 'Count', service: 'watchdog', description: 'a run without progress past its stage deadline was re-driven once' },
  RunsStalled: { unit: 'Count', service: 'watchdog', description: 'a run stayed without progress after its re-drive and ended stalled' },
} as const satisfies Record<string, MetricDefinition>;

export type FeedMetricName = keyof typeof FEED_METRICS;

/** `METRIC_NAMES.FilesReceived === 'FilesReceived'`: use these instead of string literals when emitting. */
export const METRIC_NAMES = Object.fromEntries(Object.keys(FEED_METRICS).map((n) => [n, n])) as {
  readonly [N in FeedMetricName]: N;
};

/**
 * An SQS record a function failed (it goes back to its queue, then to the DLQ). Reported per record with the
 * function's `service` dimension, not per feed: the failing record may not name one. Lambda's own Errors metric never
 * sees these, since the invocation succeeds with batchItemFailures.
 */
export const RECORD_FAILURES_METRIC = 'RecordFailures';
