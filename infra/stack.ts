// The flatfeed stack: renders infra/topology.ts (what exists and who may touch what) plus monitoring.
import { CfnOutput, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { Manifest } from '../shared/manifest/index.js';
import { Dashboards } from './constructs/dashboards.js';
import { Secrets, Tables } from './constructs/data.js';
import { Functions } from './constructs/functions.js';
import { Monitoring } from './constructs/monitoring.js';
import { Queues } from './constructs/queues.js';
import { Schedules } from './constructs/schedules.js';
import { Storage } from './constructs/storage.js';
import type { Topology } from './topology.js';

export interface FlatfeedStackProps extends StackProps {
  topology: Topology;
  manifest: Manifest;
  /** Absolute path of the manifest file; shipped inside every function bundle. */
  manifestFile: string;
  alarmEmail?: string;
  logRetention?: RetentionDays;
}

export class FlatfeedStack extends Stack {
  readonly storage: Storage;
  readonly queues: Queues;
  readonly tables: Tables;
  readonly secrets: Secrets;
  readonly functions: Functions;
  readonly schedules: Schedules;
  readonly monitoring: Monitoring;
  readonly dashboards: Dashboards;

  constructor(scope: Construct, id: string, props: FlatfeedStackProps) {
    super(scope, id, props);
    const { topology } = props;
    this.queues = new Queues(this, 'Queues', topology.queues);
    this.storage = new Storage(this, 'Storage', topology.buckets, this.queues);
    this.tables = new Tables(this, 'Tables', topology.tables);
    this.secrets = new Secrets(this, 'Secrets', topology.secrets);
    this.functions = new Functions(this, 'Functions', {
      specs: topology.functions,
      manifestFile: props.manifestFile,
      logRetention: props.logRetention ?? RetentionDays.ONE_MONTH,
      storage: this.storage,
      queues: this.queues,
      tables: this.tables,
      secrets: this.secrets,
    });
    this.schedules = new Schedules(this, 'Schedules', topology.schedules, this.functions);
    this.monitoring = new Monitoring(this, 'Monitoring', {
      feeds: props.manifest.feeds,
      queues: this.queues,
      functions: this.functions,
      ...(props.alarmEmail ? { alarmEmail: props.alarmEmail } : {}),
    });
    this.dashboards = new Dashboards(this, 'Dashboards', {
      feeds: props.manifest.feeds,
      queues: this.queues,
      functions: this.functions,
      monitoring: this.monitoring,
    });
    this.acknowledgeCdkInternals();
    this.outputs();
  }

  /** What an operator needs after `cdk deploy`: where to drop files, where to point the forwarder, where alarms go. */
  private outputs(): void {
    new CfnOutput(this, 'InboxBucketName', { value: this.storage.bucket('inbox').bucketName });
    new CfnOutput(this, 'OutboxBucketName', { value: this.storage.bucket('outbox').bucketName });
    new CfnOutput(this, 'RejectsBucketName', { value: this.storage.bucket('rejects').bucketName });
    new CfnOutput(this, 'OutboundQueueUrl', { value: this.queues.queue('outbound').queueUrl });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.monitoring.topic.topicArn });
    for (const { spec, url } of this.functions.functions.values()) {
      if (url) new CfnOutput(this, `${spec.id}Url`, { value: url.url, description: `Function URL of ${spec.dir}` });
    }
  }

  /** CDK's own singleton Lambda that applies the inbox's S3 notification configuration (Custom::S3BucketNotifications). */
  private acknowledgeCdkInternals(): void {
    const handler = this.node.tryFindChild('BucketNotificationsHandler050a0587b7544547bf325f094a3db834');
    if (!handler) return;
    Validations.of(handler).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason: 'CDK-provided handler behind Custom::S3BucketNotifications; its role is not configurable. Logs only.',
    });
    Validations.of(handler).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'CDK-provided handler: s3:PutBucketNotification on "*" is how CDK ships it; it runs only at deploy time.',
    });
  }
}
