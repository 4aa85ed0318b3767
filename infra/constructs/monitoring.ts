// The alarm topic and every alarm: pipeline health (DLQs, errors, queue age) and per-feed expectations (stale feed,
// reconciliation, invalid ratio). infra/README.md says what each one means and what to do.
import { Duration, Stack } from 'aws-cdk-lib';
import {
  Alarm,
  ComparisonOperator,
  MathExpression,
  Metric,
  TreatMissingData,
  type IMetric,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import type { Feed } from '../../shared/manifest/index.js';
import { METRICS_NAMESPACE } from '../../shared/telemetry/index.js';
import { RECORD_FAILURES_METRIC } from '../../shared/telemetry/metric-names.js';
import type { Functions } from './functions.js';
import { feedMetric } from './feed-metrics.js';
import type { Queues } from './queues.js';

/** A queue no topology function consumes (outbound, changes) is read by the partner's side; give it a day. */
const UNCONSUMED_QUEUE_MAX_AGE = Duration.days(1);
/** Run counts arrive when runs close; judge the invalid ratio over an hour of closed runs. */
const INVALID_RATIO_PERIOD = Duration.hours(1);
/** The cadence check runs every 15 minutes. */
const STALE_PERIOD = Duration.minutes(15);
const PERIOD = Duration.minutes(5);

export interface MonitoringProps {
  feeds: readonly Feed[];
  queues: Queues;
  functions: Functions;
  alarmEmail?: string;
}

export class Monitoring extends Construct {
  readonly topic: Topic;
  readonly topicKey: Key;
  readonly alarms: Alarm[] = [];
  /** Alarms per feed name, for the feed's dashboard. */
  readonly feedAlarms = new Map<string, Alarm[]>();

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    const stackName = Stack.of(this).stackName;

    // CloudWatch must be able to use the key, which the AWS-managed SNS key does not allow.
    const key = new Key(this, 'AlarmTopicKey', { enableKeyRotation: true, description: 'flatfeed alarm topic' });
    this.topicKey = key;
    key.grant(new ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
    this.topic = new Topic(this, 'AlarmTopic', { masterKey: key, enforceSSL: true, displayName: 'flatfeed alarms' });
    this.topic.addToResourcePolicy(
      new PolicyStatement({
        actions: ['sns:Publish'],
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        resources: [this.topic.topicArn],
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    );
    if (props.alarmEmail) this.topic.addSubscription(new EmailSubscription(props.alarmEmail));

    const alarm = (name: string, description: string, metric: IMetric, threshold: number, op = ComparisonOperator.GREATER_THAN_THRESHOLD) => {
      const a = new Alarm(this, name, {
        alarmName: `${stackName}-${name}`,
        alarmDescription: `${description} See infra/README.md, "Alarms".`,
        metric,
        threshold,
        comparisonOperator: op,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
      a.addAlarmAction(new SnsAction(this.topic));
      a.addOkAction(new SnsAction(this.topic));
      this.alarms.push(a);
      return a;
    };

    for (const { spec, queue, dlq } of props.queues.pairs.values()) {
      alarm(
        `${spec.id}-dlq-not-empty`,
        `Messages in the ${spec.id} DLQ: they failed ${spec.dlq.maxReceiveCount} times.`,
        dlq.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: 'Maximum' }),
        0,
      );
      const consumed = [...props.functions.functions.values()].some(
        (f) => f.spec.trigger.kind === 'sqs' && f.spec.trigger.queue === spec.id,
      );
      // A message older than one visibility timeout has failed at least once or waits behind a backlog.
      const maxAge = consumed ? Duration.seconds(spec.visibilityTimeoutSeconds) : UNCONSUMED_QUEUE_MAX_AGE;
      alarm(
        `${spec.id}-oldest-message-age`,
        `The oldest message in the ${spec.id} queue is older than ${maxAge.toHumanString()}.`,
        queue.metricApproximateAgeOfOldestMessage({ period: PERIOD, statistic: 'Maximum' }),
        maxAge.toSeconds(),
      );
    }

    for (const { spec, fn } of props.functions.functions.values()) {
      alarm(`${spec.dir}-errors`, `The ${spec.dir} function failed.`, fn.metricErrors({ period: PERIOD, statistic: 'Sum' }), 0);
      // A failed SQS record is a batch item failure: the invocation succeeds, so Errors above never counts it.
      if (spec.trigger.kind === 'sqs') {
        alarm(
          `${spec.dir}-record-failures`,
          `The ${spec.dir} function failed on a ${spec.trigger.queue} message; SQS redelivers it, then moves it to the DLQ.`,
          new Metric({ namespace: METRICS_NAMESPACE, metricName: RECORD_FAILURES_METRIC, dimensionsMap: { service: spec.dir }, statistic: 'Sum', period: PERIOD }),
          0,
        );
      }
    }

    for (const feed of props.feeds) {
      const own: Alarm[] = [];
      if (feed.expectations.cadence) {
        const c = feed.expectations.cadence;
        own.push(
          alarm(
            `${feed.name}-stale`,
            `Feed ${feed.name}: no file by its cadence (${c.cron}, ${c.timezone}) plus ${c.graceMinutes} min grace.`,
            feedMetric('FeedStale', feed.name, 'Maximum', STALE_PERIOD),
            1,
            ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          ),
        );
      }
      if (feed.source.pull) {
        own.push(
          alarm(
            `${feed.name}-pull-misconfigured`,
            `Feed ${feed.name}: the scheduled ${feed.source.pull.type} pull failed on credentials, host key or a missing source.`,
            feedMetric('PullMisconfigured', feed.name, 'Sum', PERIOD),
            0,
          ),
        );
      }
      own.push(
        alarm(
          `${feed.name}-reconciliation-mismatch`,
          `Feed ${feed.name}: a run's counts do not reconcile (read = valid + invalid = egressed + rejected).`,
          feedMetric('RunsMismatched', feed.name, 'Sum', PERIOD),
          0,
        ),
      );
      own.push(
        alarm(
          `${feed.name}-runs-failed`,
          `Feed ${feed.name}: a run ended failed (a Flatfile job failed, credentials were refused, or configuration cannot run); its reason is in the ledger and the notice.`,
          feedMetric('RunsFailed', feed.name, 'Sum', PERIOD),
          0,
        ),
      );
      own.push(
        alarm(
          `${feed.name}-runs-stalled`,
          `Feed ${feed.name}: a run made no progress past its stage deadline, even after the watchdog re-drove it, and ended stalled; its reason names the stage and what to do (flatfeed redrive, flatfeed replay).`,
          feedMetric('RunsStalled', feed.name, 'Sum', PERIOD),
          0,
        ),
      );
      const maxRatio = feed.expectations.maxInvalidRatio;
      if (maxRatio !== undefined) {
        own.push(
          alarm(
            `${feed.name}-invalid-ratio`,
            `Feed ${feed.name}: more than ${maxRatio * 100}% of records invalid over the last hour.`,
            invalidRatio(feed.name),
            maxRatio,
          ),
        );
      }
      this.feedAlarms.set(feed.name, own);
    }
  }
}

export function invalidRatio(feed: string): MathExpression {
  return new MathExpression({
    label: 'invalid ratio',
    expression: 'IF(readCount > 0, invalidCount / readCount, 0)',
    usingMetrics: {
      invalidCount: feedMetric('RecordsInvalid', feed, 'Sum', INVALID_RATIO_PERIOD),
      readCount: feedMetric('RecordsRead', feed, 'Sum', INVALID_RATIO_PERIOD),
    },
    period: INVALID_RATIO_PERIOD,
  });
}
