// One CloudWatch dashboard per feed: the feed's own numbers first, then the shared pipeline it runs through.
import { Duration, Stack } from 'aws-cdk-lib';
import { AlarmStatusWidget, Dashboard, GraphWidget, type IMetric, type IWidget } from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import type { Feed } from '../../shared/manifest/index.js';
import { UNROUTED_FEED } from '../../shared/manifest/routing.js';
import type { FeedMetricName } from '../../shared/telemetry/metric-names.js';
import { feedMetric } from './feed-metrics.js';
import type { Functions } from './functions.js';
import { invalidRatio, type Monitoring } from './monitoring.js';
import { pascal } from './names.js';
import type { Queues } from './queues.js';

const PERIOD = Duration.minutes(5);
const WIDTH = 8;

export interface DashboardsProps {
  feeds: readonly Feed[];
  queues: Queues;
  functions: Functions;
  monitoring: Monitoring;
}

export class Dashboards extends Construct {
  readonly dashboards = new Map<string, Dashboard>();

  constructor(scope: Construct, id: string, props: DashboardsProps) {
    super(scope, id);
    for (const feed of props.feeds) {
      const dashboard = new Dashboard(this, pascal(feed.name), {
        dashboardName: `${Stack.of(this).stackName}-${feed.name}`,
        widgets: [...feedRows(feed.name, props.monitoring), ...pipelineRows(props)],
      });
      this.dashboards.set(feed.name, dashboard);
    }
  }
}

function feedRows(feed: string, monitoring: Monitoring): IWidget[][] {
  const sums = (names: FeedMetricName[]) => names.map((n) => feedMetric(n, feed, 'Sum', PERIOD));
  const p90 = (names: FeedMetricName[]) => names.map((n) => feedMetric(n, feed, 'p90', PERIOD));
  return [
    [
      graph(`${feed}: files`, [
        ...sums(['FilesReceived', 'FilesPulled', 'FilesRejected', 'RunsNeedingReview', 'RunsFailed', 'RunsRedriven', 'RunsStalled', 'PullMisconfigured']),
        // Objects no feed claims belong to none: the same line on every feed's dashboard (a typo in a prefix shows here).
        feedMetric('FilesUnrouted', UNROUTED_FEED, 'Sum', PERIOD),
      ]),
      graph(`${feed}: records`, sums(['RecordsRead', 'RecordsValid', 'RecordsInvalid', 'RecordsEgressed'])),
      graph(`${feed}: stage latency p90 (s)`, p90(['IngressSeconds', 'ExtractSeconds', 'EgressSeconds'])),
    ],
    [
      graph(`${feed}: invalid ratio`, [invalidRatio(feed)]),
      graph(`${feed}: minutes since last file`, [feedMetric('MinutesSinceLastFile', feed, 'Maximum', PERIOD)]),
      new AlarmStatusWidget({ title: `${feed}: alarms`, alarms: monitoring.feedAlarms.get(feed) ?? [], width: WIDTH }),
    ],
  ];
}

function pipelineRows({ queues, functions }: DashboardsProps): IWidget[][] {
  const pairs = [...queues.pairs.values()];
  const fns = [...functions.functions.values()];
  const max = { period: PERIOD, statistic: 'Maximum' };
  return [
    [
      graph('queue depth', pairs.map((p) => p.queue.metricApproximateNumberOfMessagesVisible({ ...max, label: p.spec.id }))),
      graph('age of oldest message (s)', pairs.map((p) => p.queue.metricApproximateAgeOfOldestMessage({ ...max, label: p.spec.id }))),
      graph('DLQ depth', pairs.map((p) => p.dlq.metricApproximateNumberOfMessagesVisible({ ...max, label: `${p.spec.id} DLQ` }))),
    ],
    [
      graph('function errors', fns.map((f) => f.fn.metricErrors({ period: PERIOD, label: f.spec.dir }))),
      graph('function throttles', fns.map((f) => f.fn.metricThrottles({ period: PERIOD, label: f.spec.dir }))),
    ],
  ];
}

function graph(title: string, left: IMetric[]): GraphWidget {
  return new GraphWidget({ title, left, width: WIDTH });
}
