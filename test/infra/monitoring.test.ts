import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { nagRef } from '../../infra/constructs/names.js';
import { FEED_METRICS } from '../../shared/telemetry/metric-names.js';
import { synthStack, type Fixture } from './fixture.js';

let f: Fixture;
let alarms: Record<string, { Properties: Record<string, any> }>;
beforeAll(async () => {
  f = await synthStack({ alarmEmail: 'ops@example.com' });
  alarms = f.template.findResources('AWS::CloudWatch::Alarm') as typeof alarms;
});

const alarm = (name: string) => {
  const found = Object.values(alarms).find((a) => a.Properties.AlarmName === `Flatfeed-${name}`);
  if (!found) throw new Error(`no alarm Flatfeed-${name}`);
  return found.Properties;
};
const feedDims = (_metric: keyof typeof FEED_METRICS, feed: string) => [{ Name: 'feed', Value: feed }];

describe('alarm topic', () => {
  it('KMS-encrypted with a rotating key CloudWatch may use; email subscription from context', () => {
    const topic = f.template.findResources('AWS::SNS::Topic');
    const [props] = Object.values(topic).map((t) => t.Properties);
    expect(props.KmsMasterKeyId).toEqual({ 'Fn::GetAtt': [nagRef(f.stack.monitoring.topicKey), 'Arn'] });
    f.template.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({ Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: ['kms:Decrypt', 'kms:GenerateDataKey*'] }),
        ]),
      },
    });
    f.template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.com' });
  });

  it('no subscription without the alarmEmail context', async () => {
    (await synthStack()).template.resourceCountIs('AWS::SNS::Subscription', 0);
  });

  it('every alarm notifies the topic on ALARM and OK', () => {
    const topicRef = { Ref: nagRef(f.stack.monitoring.topic) };
    for (const a of Object.values(alarms)) {
      expect(a.Properties.AlarmActions).toEqual([topicRef]);
      expect(a.Properties.OKActions).toEqual([topicRef]);
    }
  });
});

describe('pipeline alarms', () => {
  it('each DLQ: any visible message', () => {
    for (const { spec, dlq } of f.stack.queues.pairs.values()) {
      expect(alarm(`${spec.id}-dlq-not-empty`)).toMatchObject({
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [nagRef(dlq), 'QueueName'] } }],
        ComparisonOperator: 'GreaterThanThreshold',
        Threshold: 0,
      });
    }
  });

  it('each queue: oldest message older than its visibility timeout (a day for the queues subscribers read: outbound, changes)', () => {
    for (const { spec, queue } of f.stack.queues.pairs.values()) {
      expect(alarm(`${spec.id}-oldest-message-age`)).toMatchObject({
        MetricName: 'ApproximateAgeOfOldestMessage',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [nagRef(queue), 'QueueName'] } }],
        Threshold: spec.id === 'outbound' || spec.id.startsWith('changes') ? 86_400 : spec.visibilityTimeoutSeconds,
      });
    }
  });

  it('each function: any error', () => {
    for (const { spec, fn } of f.stack.functions.functions.values()) {
      expect(alarm(`${spec.dir}-errors`)).toMatchObject({
        Namespace: 'AWS/Lambda',
        MetricName: 'Errors',
        Dimensions: [{ Name: 'FunctionName', Value: { Ref: nagRef(fn) } }],
        Statistic: 'Sum',
        Threshold: 0,
      });
    }
  });
});

describe('record failures', () => {
  it('each SQS-triggered function: any failed record (EMF RecordFailures by service), which Errors never counts', () => {
    const sqsFns = [...f.stack.functions.functions.values()].filter(({ spec }) => spec.trigger.kind === 'sqs');
    expect(sqsFns.length).toBeGreaterThan(0);
    for (const { spec } of sqsFns) {
      expect(alarm(`${spec.dir}-record-failures`)).toMatchObject({
        Namespace: 'flatfeed',
        MetricName: 'RecordFailures',
        Dimensions: [{ Name: 'service', Value: spec.dir }],
        Statistic: 'Sum',
        Threshold: 0,
      });
    }
  });
});

describe('feed alarms', () => {
  it('runs ended failed, per feed', () => {
    for (const feed of f.manifest.feeds) {
      expect(alarm(`${feed.name}-runs-failed`)).toMatchObject({ MetricName: 'RunsFailed', Dimensions: feedDims('RunsFailed', feed.name), Threshold: 0 });
    }
  });

  it('runs ended stalled by the watchdog, per feed', () => {
    for (const feed of f.manifest.feeds) {
      expect(alarm(`${feed.name}-runs-stalled`)).toMatchObject({ Namespace: 'flatfeed', MetricName: 'RunsStalled', Dimensions: feedDims('RunsStalled', feed.name), Threshold: 0 });
    }
  });

  it('stale feed from the cadence check, for each feed with a cadence', () => {
    for (const feed of f.manifest.feeds.filter((x) => x.expectations.cadence)) {
      expect(alarm(`${feed.name}-stale`)).toMatchObject({
        Namespace: 'flatfeed',
        MetricName: 'FeedStale',
        Dimensions: feedDims('FeedStale', feed.name),
        Period: 900,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        Threshold: 1,
      });
    }
  });

  it('reconciliation mismatch per feed', () => {
    for (const feed of f.manifest.feeds) {
      expect(alarm(`${feed.name}-reconciliation-mismatch`)).toMatchObject({
        MetricName: 'RunsMismatched',
        Dimensions: feedDims('RunsMismatched', feed.name),
        Threshold: 0,
      });
    }
  });

  it('invalid ratio per feed: RecordsInvalid / RecordsRead above the manifest’s maxInvalidRatio', () => {
    for (const feed of f.manifest.feeds.filter((x) => x.expectations.maxInvalidRatio !== undefined)) {
      const a = alarm(`${feed.name}-invalid-ratio`);
      expect(a.Threshold).toBe(feed.expectations.maxInvalidRatio);
      expect(a.ComparisonOperator).toBe('GreaterThanThreshold');
      const metrics = a.Metrics as { Id: string; Expression?: string; MetricStat?: any; ReturnData?: boolean }[];
      expect(metrics.find((m) => m.Expression)?.Expression).toBe('IF(readCount > 0, invalidCount / readCount, 0)');
      for (const [id, name] of [['invalidCount', 'RecordsInvalid'], ['readCount', 'RecordsRead']] as const) {
        expect(metrics.find((m) => m.Id === id)?.MetricStat).toMatchObject({
          Metric: { Namespace: 'flatfeed', MetricName: name, Dimensions: feedDims(name, feed.name) },
          Stat: 'Sum',
        });
      }
    }
  });
});

describe('dashboards', () => {
  it('one per feed, with its metrics (feed dimension), queues, DLQs, errors and throttles', () => {
    const dashboards = f.template.findResources('AWS::CloudWatch::Dashboard');
    expect(Object.keys(dashboards)).toHaveLength(f.manifest.feeds.length);
    for (const feed of f.manifest.feeds) {
      const d = Object.values(dashboards).find((x) => x.Properties.DashboardName === `Flatfeed-${feed.name}`);
      const body = JSON.stringify(d?.Properties.DashboardBody);
      for (const name of Object.keys(FEED_METRICS)) {
        if (name === 'FeedStale' || name === 'RunsMismatched') continue; // shown through their alarms
        if (name === 'FilesUnrouted') {
          // Belongs to no feed: its dimension is always the (unrouted) pseudo-feed.
          expect(body, name).toContain(`\\"flatfeed\\",\\"FilesUnrouted\\",\\"feed\\",\\"(unrouted)\\",{`);
          continue;
        }
        // The feed and then the widget options: no other dimension follows.
        expect(body, name).toContain(`\\"flatfeed\\",\\"${name}\\",\\"feed\\",\\"${feed.name}\\",{`);
      }
      for (const m of ['ApproximateNumberOfMessagesVisible', 'ApproximateAgeOfOldestMessage', 'Errors', 'Throttles']) {
        expect(body).toContain(m);
      }
      for (const { dlq } of f.stack.queues.pairs.values()) expect(body).toContain(nagRef(dlq));
    }
  });
});
