import { ListBucketsCommand } from '@aws-sdk/client-s3';
import { GetQueueAttributesCommand, ListQueuesCommand } from '@aws-sdk/client-sqs';
import { DescribeTableCommand, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { Stack, type CfnElement } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPipeline, type Pipeline } from '../../local/pipeline.js';
import { DEFAULT_MANIFEST_PATH } from '../../shared/manifest/index.js';
import { synthStack, type Fixture } from './fixture.js';

// Topology is data: the CDK stack and the embedded runtime both render infra/topology.ts. This proves they render
// the same buckets, queues (with their DLQs), table, functions, triggers, schedules and notifications — reading the
// local side from the running emulators and the CDK side from the synthesized template, both mapped back to
// topology ids. Resources only AWS needs (access-log bucket, alarm topic, CDK's own notification handler, Scheduler
// roles, dashboards) are outside the topology and not compared.

let cdk: Fixture;
let local: Pipeline;
type Resources = Record<string, { Type: string; Properties?: Record<string, unknown> }>;
let resources: Resources;

beforeAll(async () => {
  cdk = await synthStack();
  resources = cdk.template.toJSON().Resources as Resources;
  local = await startPipeline({ manifest: cdk.manifest, manifestPath: DEFAULT_MANIFEST_PATH });
}, 120_000);
afterAll(async () => {
  await local?.stop();
});

const logicalId = (c: Construct) => Stack.of(c).getLogicalId(c.node.defaultChild as CfnElement);
const invert = <K extends string>(entries: [K, string][]) => new Map(entries.map(([k, v]) => [v, k]));
const refId = (v: unknown): string => {
  const o = v as { Ref?: string; 'Fn::GetAtt'?: [string, string] };
  return o.Ref ?? o['Fn::GetAtt']?.[0] ?? '';
};
const sorted = <T>(xs: T[]) => [...xs].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

describe('parity of the CDK stack and the embedded runtime', () => {
  it('render the same buckets', async () => {
    const byLogical = invert([...cdk.stack.storage.buckets].map(([id, b]) => [id, logicalId(b)]));
    const inCdk = Object.entries(resources).filter(([, r]) => r.Type === 'AWS::S3::Bucket').flatMap(([l]) => byLogical.get(l) ?? []);
    const byName = invert(Object.entries(local.local.names.buckets) as [string, string][]);
    const listed = (await local.local.clients.s3.send(new ListBucketsCommand({}))).Buckets ?? [];
    const inLocal = listed.flatMap((b) => byName.get(b.Name ?? '') ?? []);
    expect(sorted(inLocal)).toEqual(sorted(inCdk));
    expect(inCdk).toHaveLength(cdk.topology.buckets.length);
  });

  it('render the same queues, each with a DLQ and the same maxReceiveCount and FIFO-ness', async () => {
    const queueOf = new Map<string, { id: string; dlq: boolean }>();
    for (const [id, pair] of cdk.stack.queues.pairs) {
      queueOf.set(logicalId(pair.queue), { id, dlq: false });
      queueOf.set(logicalId(pair.dlq), { id, dlq: true });
    }
    const inCdk = Object.entries(resources)
      .filter(([, r]) => r.Type === 'AWS::SQS::Queue')
      .map(([l, r]) => {
        const q = queueOf.get(l)!;
        const redrive = r.Properties?.RedrivePolicy as { maxReceiveCount?: number } | undefined;
        return { ...q, fifo: r.Properties?.FifoQueue === true, maxReceiveCount: redrive?.maxReceiveCount ?? null };
      });

    const sqs = local.local.clients.sqs;
    const urls = (await sqs.send(new ListQueuesCommand({}))).QueueUrls ?? [];
    const names = local.local.names.queues;
    const inLocal = await Promise.all(
      urls.map(async (url) => {
        const name = url.split('/').pop()!;
        const id = Object.entries(names).find(([, n]) => n === name || n.replace(/(\.fifo)?$/, '-dlq$1') === name)![0];
        const attrs = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['All'] }))).Attributes ?? {};
        const redrive = attrs.RedrivePolicy ? (JSON.parse(attrs.RedrivePolicy) as { maxReceiveCount: number | string }) : undefined;
        return {
          id,
          dlq: name !== names[id as keyof typeof names],
          fifo: attrs.FifoQueue === 'true',
          maxReceiveCount: redrive ? Number(redrive.maxReceiveCount) : null,
        };
      }),
    );
    expect(sorted(inLocal)).toEqual(sorted(inCdk));
    expect(inCdk.filter((q) => !q.dlq)).toHaveLength(cdk.topology.queues.length);
  });

  it('render the same ledger table and keys', async () => {
    const [table] = Object.values(resources).filter((r) => r.Type === 'AWS::DynamoDB::GlobalTable');
    const keys = (schema: { AttributeName: string; KeyType: string }[]) => schema.map((k) => `${k.KeyType}:${k.AttributeName}`);
    const cdkKeys = keys(table!.Properties!.KeySchema as never);
    const cdkIndexes = (table!.Properties!.GlobalSecondaryIndexes as { IndexName: string; KeySchema: never }[]).map((i) => [i.IndexName, keys(i.KeySchema)]);
    const names = (await local.local.clients.dynamodb.send(new ListTablesCommand({}))).TableNames ?? [];
    expect(names).toEqual([local.local.names.tables.ledger]);
    const described = (await local.local.clients.dynamodb.send(new DescribeTableCommand({ TableName: names[0] }))).Table!;
    expect(keys(described.KeySchema as never)).toEqual(cdkKeys);
    expect((described.GlobalSecondaryIndexes ?? []).map((i) => [i.IndexName, keys(i.KeySchema as never)])).toEqual(cdkIndexes);
  });

  it('render the same functions and SQS triggers', () => {
    const fnOf = invert([...cdk.stack.functions.functions].map(([id, f]) => [id, logicalId(f.fn)]));
    const queueOf = invert([...cdk.stack.queues.pairs].map(([id, p]) => [id, logicalId(p.queue)]));
    const cdkFunctions = Object.entries(resources)
      .filter(([, r]) => r.Type === 'AWS::Lambda::Function')
      .flatMap(([l]) => fnOf.get(l) ?? []);
    expect(sorted(local.rendering.functions)).toEqual(sorted(cdkFunctions));
    expect(cdkFunctions).toHaveLength(cdk.topology.functions.length);

    const cdkTriggers = Object.values(resources)
      .filter((r) => r.Type === 'AWS::Lambda::EventSourceMapping')
      .map((r) => ({
        functionId: fnOf.get(refId(r.Properties!.FunctionName))!,
        queue: queueOf.get(refId(r.Properties!.EventSourceArn))!,
        batchSize: r.Properties!.BatchSize as number,
      }));
    const names = local.local.names.queues;
    const localTriggers = local.rendering.triggers.map((t) => ({
      ...t,
      queue: Object.entries(names).find(([, n]) => n === t.queue)![0],
    }));
    expect(sorted(localTriggers)).toEqual(sorted(cdkTriggers));
  });

  it('render the same schedules with the same expressions, time zones and targets', () => {
    const fnOf = invert([...cdk.stack.functions.functions].map(([id, f]) => [id, logicalId(f.fn)]));
    const cdkSchedules = [...cdk.stack.schedules.schedules].map(([id, s]) => {
      const props = resources[logicalId(s)]!.Properties as {
        ScheduleExpression: string;
        ScheduleExpressionTimezone?: string;
        Target: { Arn: unknown };
      };
      return { id, expression: props.ScheduleExpression, timezone: props.ScheduleExpressionTimezone ?? 'UTC', target: fnOf.get(refId(props.Target.Arn))! };
    });
    expect(sorted(local.rendering.schedules)).toEqual(sorted(cdkSchedules));
  });

  it('render the same bucket notifications (bucket, queue, prefix, suffix)', () => {
    const bucketOf = invert([...cdk.stack.storage.buckets].map(([id, b]) => [id, logicalId(b)]));
    const queueOf = invert([...cdk.stack.queues.pairs].map(([id, p]) => [id, logicalId(p.queue)]));
    const cdkNotifications = Object.values(resources)
      .filter((r) => r.Type === 'Custom::S3BucketNotifications')
      .flatMap((r) => {
        const bucket = bucketOf.get(refId(r.Properties!.BucketName))!;
        const conf = r.Properties!.NotificationConfiguration as {
          QueueConfigurations: { QueueArn: unknown; Filter?: { Key: { FilterRules: { Name: string; Value: string }[] } } }[];
        };
        return conf.QueueConfigurations.map((q) => {
          const rules = Object.fromEntries((q.Filter?.Key.FilterRules ?? []).map((f) => [f.Name.toLowerCase(), f.Value]));
          return { bucket, queue: queueOf.get(refId(q.QueueArn))!, prefix: rules.prefix ?? '', ...(rules.suffix ? { suffix: rules.suffix } : {}) };
        });
      });
    const localNotifications = local.rendering.notifications.map((n) => ({
      ...n,
      bucket: Object.entries(local.local.names.buckets).find(([, b]) => b === n.bucket)![0],
      queue: Object.entries(local.local.names.queues).find(([, q]) => q === n.queue)![0],
    }));
    expect(sorted(localNotifications)).toEqual(sorted(cdkNotifications));
    expect(cdkNotifications.length).toBeGreaterThan(0);
  });
});
