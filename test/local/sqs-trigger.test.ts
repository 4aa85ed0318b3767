import { createHash } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { loadManifest } from '../../shared/manifest/index.js';
import { buildTopology, type Topology } from '../../infra/topology.js';
import { startLocalAws, type LocalAws } from '../../local/aws.js';
import { startSqsTrigger, type SqsHandler, type SqsTrigger } from '../../local/sqs-trigger.js';
import { drain, queueDepth, until } from './helpers.js';

describe('SQS trigger (Lambda event source mapping)', () => {
  let topology: Topology;
  let local: LocalAws;
  let trigger: SqsTrigger | undefined;
  const errors: unknown[] = [];

  beforeAll(async () => {
    topology = buildTopology(await loadManifest());
    local = await startLocalAws({ topology });
  });
  afterEach(async () => {
    await trigger?.stop();
    trigger = undefined;
    errors.length = 0;
  });
  afterAll(async () => {
    await local?.stop();
  });

  const send = (body: string, queue: 'ingress' | 'events' = 'ingress', extra: object = {}) =>
    local.clients.sqs.send(new SendMessageCommand({ QueueUrl: local.queueUrls[queue], MessageBody: body, ...extra }));
  // `redeliverAfter` (seconds) shortens the visibility timeout where a test waits for redelivery or the DLQ.
  const start = (handler: SqsHandler, functionId: 'ingress' | 'listener' = 'ingress', redeliverAfter?: number) => {
    trigger = startSqsTrigger({
      local,
      topology,
      functionId,
      handler,
      ...(redeliverAfter ? { visibilityTimeoutSeconds: redeliverAfter } : {}),
      onError: (e) => errors.push(e),
    });
  };
  const maxReceiveCount = () => topology.queues.find((q) => q.id === 'ingress')!.dlq.maxReceiveCount;

  it('builds a real SQSEvent and Lambda context, and deletes what succeeded', async () => {
    await send('{"hello":"world"}', 'ingress', { MessageAttributes: { feed: { DataType: 'String', StringValue: 'contacts' } } });
    const calls: { event: SQSEvent; context: Context; remaining: number }[] = [];
    start(async (event, context) => {
      calls.push({ event, context, remaining: context.getRemainingTimeInMillis() });
    });
    await until(() => calls.length > 0);
    await until(async () => (await queueDepth(local.clients.sqs, local.queueUrls.ingress)) === 0);
    const [{ event, context, remaining }] = calls as [(typeof calls)[number]];
    const record = event.Records[0]!;
    expect(record).toMatchObject({
      body: '{"hello":"world"}',
      md5OfBody: createHash('md5').update('{"hello":"world"}').digest('hex'),
      eventSource: 'aws:sqs',
      eventSourceARN: local.queueArns.ingress,
      awsRegion: local.region,
      attributes: { ApproximateReceiveCount: '1' },
      messageAttributes: { feed: { dataType: 'String', stringValue: 'contacts' } },
    });
    expect(record.messageId).toBeTruthy();
    expect(record.receiptHandle).toBeTruthy();
    expect(Number(record.attributes.SentTimestamp)).toBeGreaterThan(0);
    const ingress = topology.functions.find((f) => f.id === 'ingress')!;
    expect(context.functionName).toBe('flatfeed-ingress');
    expect(context.awsRequestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(remaining).toBeGreaterThan(0);
    expect(remaining).toBeLessThanOrEqual(ingress.timeoutSeconds * 1000);
    expect(calls).toHaveLength(1); // deleted, so never redelivered
    expect(errors).toEqual([]);
  });

  it('passes FIFO attributes (group and deduplication id) through', async () => {
    await send('{"topic":"file:created"}', 'events', { MessageGroupId: 'space-1', MessageDeduplicationId: 'evt-1' });
    const records: SQSRecord[] = [];
    start(async (event) => {
      records.push(...event.Records);
    }, 'listener');
    const record = await until(() => records[0]);
    expect(record.attributes).toMatchObject({ MessageGroupId: 'space-1', MessageDeduplicationId: 'evt-1' });
    expect(record.eventSourceARN).toBe(local.queueArns.events);
  });

  it("moves a message whose handler throws to the DLQ after maxReceiveCount receives", async () => {
    await send('poison');
    const receiveCounts: string[] = [];
    start(async (event) => {
      receiveCounts.push(...event.Records.map((r) => r.attributes.ApproximateReceiveCount));
      throw new Error('handler bug');
    }, 'ingress', 1);
    const [dead] = await until(async () => {
      const inDlq = await drain(local.clients.sqs, local.dlqUrls.ingress);
      return inDlq.length > 0 && inDlq;
    });
    expect(dead?.Body).toBe('poison');
    expect(receiveCounts).toEqual(Array.from({ length: maxReceiveCount() }, (_, i) => String(i + 1)));
    expect(errors.length).toBe(maxReceiveCount());
  });

  it('redrives only the failed message of a partially failed batch', async () => {
    for (const body of ['ok-1', 'bad', 'ok-2']) await send(body);
    const batches: string[][] = [];
    start(async (event): Promise<SQSBatchResponse> => {
      batches.push(event.Records.map((r) => r.body));
      return { batchItemFailures: event.Records.filter((r) => r.body === 'bad').map((r) => ({ itemIdentifier: r.messageId })) };
    }, 'ingress', 1);
    const dead = await until(async () => {
      const inDlq = await drain(local.clients.sqs, local.dlqUrls.ingress);
      return inDlq.length > 0 && inDlq;
    });
    expect(dead.map((m) => m.Body)).toEqual(['bad']);
    expect(batches[0]?.sort()).toEqual(['bad', 'ok-1', 'ok-2']);
    const seen = batches.flat();
    expect(seen.filter((b) => b === 'ok-1')).toHaveLength(1);
    expect(seen.filter((b) => b === 'ok-2')).toHaveLength(1);
    expect(seen.filter((b) => b === 'bad')).toHaveLength(maxReceiveCount());
  });

  it('fails the whole batch when batchItemFailures names an id outside it, as Lambda does', async () => {
    await send('once-misreported');
    const counts: string[] = [];
    start(async (event) => {
      counts.push(...event.Records.map((r) => r.attributes.ApproximateReceiveCount));
      return counts.length === 1 ? { batchItemFailures: [{ itemIdentifier: 'not-in-this-batch' }] } : undefined;
    }, 'ingress', 1);
    await until(() => counts.length === 2);
    await until(async () => (await queueDepth(local.clients.sqs, local.queueUrls.ingress)) === 0);
    expect(counts).toEqual(['1', '2']);
    expect(errors).toHaveLength(1);
  });

  it('stop() waits for the batch in flight', async () => {
    await send('slow');
    let release: (() => void) | undefined;
    let finished = false;
    start(async () => {
      await new Promise<void>((resolve) => (release = resolve));
      finished = true;
    });
    const letGo = await until(() => release);
    const stopping = trigger!.stop();
    setTimeout(letGo, 20); // only after stop() has been called and had every chance to return early
    await stopping;
    expect(finished).toBe(true);
    expect(await queueDepth(local.clients.sqs, local.queueUrls.ingress)).toBe(0);
  });
});
