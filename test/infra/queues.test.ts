import { beforeAll, describe, expect, it } from 'vitest';
import { nagRef } from '../../infra/constructs/names.js';
import { MAX_RECEIVE_COUNT, VISIBILITY_FACTOR } from '../../infra/topology.js';
import { synthStack, type Fixture } from './fixture.js';

let f: Fixture;
let resources: Record<string, { Type: string; Properties: Record<string, any> }>;
beforeAll(async () => {
  f = await synthStack();
  resources = f.template.toJSON().Resources;
});

describe('queues', () => {
  it('renders each topology queue and its DLQ', () => {
    f.template.resourceCountIs('AWS::SQS::Queue', f.topology.queues.length * 2);
  });

  it.each(['ingress', 'events', 'work', 'egress', 'outbound'] as const)('%s: SSE, DLQ after maxReceiveCount, SSL only', (id) => {
    const { queue, dlq, spec } = f.stack.queues.pair(id);
    const props = resources[nagRef(queue)]!.Properties;
    expect(props.SqsManagedSseEnabled).toBe(true);
    expect(resources[nagRef(dlq)]!.Properties.SqsManagedSseEnabled).toBe(true);
    expect(props.RedrivePolicy).toEqual({
      deadLetterTargetArn: { 'Fn::GetAtt': [nagRef(dlq), 'Arn'] },
      maxReceiveCount: MAX_RECEIVE_COUNT,
    });
    expect(props.MessageRetentionPeriod).toBe(spec.retentionDays * 86_400);
    expect(resources[nagRef(dlq)]!.Properties.MessageRetentionPeriod).toBe(14 * 86_400);
    const policy = Object.values(resources).find(
      (r) => r.Type === 'AWS::SQS::QueuePolicy' && JSON.stringify(r.Properties.Queues).includes(`"${nagRef(queue)}"`),
    );
    expect(JSON.stringify(policy?.Properties.PolicyDocument)).toContain('"aws:SecureTransport":"false"');
  });

  it('events is FIFO with content-based dedup off (senders set the event id), and so is its DLQ', () => {
    const { queue, dlq } = f.stack.queues.pair('events');
    for (const q of [queue, dlq]) {
      expect(resources[nagRef(q)]!.Properties).toMatchObject({ FifoQueue: true, ContentBasedDeduplication: false });
    }
    for (const id of ['ingress', 'work', 'egress', 'outbound'] as const) {
      expect(resources[nagRef(f.stack.queues.queue(id))]!.Properties.FifoQueue).toBeUndefined();
    }
  });
});

describe('SQS triggers', () => {
  const mappings = () => Object.values(resources).filter((r) => r.Type === 'AWS::Lambda::EventSourceMapping');

  it('one event source mapping per SQS trigger in the topology, each reporting batch item failures', () => {
    const sqsTriggers = f.topology.functions.filter((fn) => fn.trigger.kind === 'sqs');
    expect(mappings()).toHaveLength(sqsTriggers.length);
    for (const m of mappings()) expect(m.Properties.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
  });

  it(`visibility timeout ≥ ${VISIBILITY_FACTOR}× the consumer's timeout plus its batching window, for every trigger`, () => {
    for (const m of mappings()) {
      const queueId = m.Properties.EventSourceArn['Fn::GetAtt'][0] as string;
      const fnId = m.Properties.FunctionName.Ref as string;
      const timeout = resources[fnId]!.Properties.Timeout as number;
      const window = (m.Properties.MaximumBatchingWindowInSeconds as number | undefined) ?? 0;
      const visibility = resources[queueId]!.Properties.VisibilityTimeout as number;
      expect(visibility, `${queueId} consumed by ${fnId}`).toBeGreaterThanOrEqual(VISIBILITY_FACTOR * timeout + window);
    }
  });

  it('batch size and window come from the topology; pollers never outnumber reserved concurrency', () => {
    for (const { spec, fn } of f.stack.functions.functions.values()) {
      if (spec.trigger.kind !== 'sqs') continue;
      const m = mappings().find((x) => x.Properties.FunctionName.Ref === nagRef(fn))!;
      expect(m.Properties.EventSourceArn).toEqual({ 'Fn::GetAtt': [nagRef(f.stack.queues.queue(spec.trigger.queue)), 'Arn'] });
      expect(m.Properties.BatchSize).toBe(spec.trigger.batchSize);
      expect(m.Properties.MaximumBatchingWindowInSeconds).toBe(spec.trigger.maxBatchingWindowSeconds || undefined);
      if (spec.reservedConcurrency !== undefined) {
        expect(m.Properties.ScalingConfig.MaximumConcurrency).toBeLessThanOrEqual(Math.max(2, spec.reservedConcurrency));
      }
    }
  });
});
