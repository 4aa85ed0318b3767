import { createServer, connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ListBucketsCommand } from '@aws-sdk/client-s3';
import { GetQueueAttributesCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { DescribeTableCommand, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { loadManifest } from '../../shared/manifest/index.js';
import { createDynamoClient, createS3Client, createSqsClient } from '../../shared/aws/clients.js';
import { buildTopology, type Topology } from '../../infra/topology.js';
import { applyLocalEnv, startLocalAws, type LocalAws } from '../../local/aws.js';
import { functionEnv } from '../../local/function-env.js';

const canListen = (port: number, host: string) =>
  new Promise<boolean>((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });

const canConnect = (port: number, host: string) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, host);
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });

describe('startLocalAws', () => {
  let topology: Topology;
  let local: LocalAws;
  let stopped = false;

  beforeAll(async () => {
    topology = buildTopology(await loadManifest());
    local = await startLocalAws({ topology });
  });
  afterAll(async () => {
    if (!stopped) await local.stop();
  });

  it('serves every endpoint and queue URL on 127.0.0.1 only', async () => {
    for (const endpoint of [...Object.values(local.endpoints), ...Object.values(local.queueUrls)]) {
      expect(new URL(endpoint).hostname).toBe('127.0.0.1');
    }
    const ports = new Set(Object.values(local.endpoints).map((e) => Number(new URL(e).port)));
    const external = Object.values(networkInterfaces())
      .flat()
      .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;
    for (const port of ports) {
      expect(await canConnect(port, '127.0.0.1')).toBe(true);
      if (external) expect(await canConnect(port, external)).toBe(false);
    }
  });

  it('creates every bucket, queue with its DLQ and redrive policy, and the ledger table', async () => {
    const { Buckets = [] } = await local.clients.s3.send(new ListBucketsCommand({}));
    expect(Buckets.map((b) => b.Name).sort()).toEqual(topology.buckets.map((b) => b.name).sort());

    for (const q of topology.queues) {
      const { Attributes: a = {} } = await local.clients.sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: local.queueUrls[q.id], AttributeNames: ['All'] }),
      );
      const { Attributes: dlq = {} } = await local.clients.sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: local.dlqUrls[q.id], AttributeNames: ['All'] }),
      );
      expect(JSON.parse(a.RedrivePolicy ?? '{}')).toEqual({ deadLetterTargetArn: dlq.QueueArn, maxReceiveCount: q.dlq.maxReceiveCount });
      expect(a.VisibilityTimeout).toBe(String(q.visibilityTimeoutSeconds));
      expect(a.FifoQueue === 'true').toBe(q.fifo);
      expect(dlq.FifoQueue === 'true').toBe(q.fifo);
    }

    const ledger = topology.tables[0]!;
    const { Table } = await local.clients.dynamodb.send(new DescribeTableCommand({ TableName: ledger.name }));
    expect(Table?.KeySchema).toEqual([
      { AttributeName: ledger.partitionKey, KeyType: 'HASH' },
      { AttributeName: ledger.sortKey, KeyType: 'RANGE' },
    ]);
    expect(Table?.GlobalSecondaryIndexes?.map((i) => i.IndexName)).toEqual(ledger.indexes.map((i) => i.name));
  });

  it('points a plain SDK client at the stack through the standard variables alone', async () => {
    const restore = applyLocalEnv(local);
    try {
      const { Buckets = [] } = await createS3Client().send(new ListBucketsCommand({}));
      expect(Buckets.map((b) => b.Name)).toContain(local.names.buckets.inbox);
      // The SQS client sends to the queue URL's host when its endpoint is not set in code: it must be reachable.
      const sent = await createSqsClient().send(new SendMessageCommand({ QueueUrl: local.queueUrls.outbound, MessageBody: 'hello' }));
      expect(sent.MessageId).toBeTruthy();
      const { TableNames = [] } = await createDynamoClient().send(new ListTablesCommand({}));
      expect(TableNames).toContain(local.names.tables.ledger);
    } finally {
      restore();
    }
    expect(process.env.AWS_ENDPOINT_URL_S3).not.toBe(local.endpoints.s3);
  });

  it("resolves a function's env refs to local names, URLs and secret values", () => {
    const env = functionEnv(topology, 'ingress', local, { FLATFILE_API_KEY: 'sk_local' });
    expect(env).toMatchObject({
      ...local.env,
      LEDGER_TABLE: local.names.tables.ledger,
      OUTBOUND_QUEUE_URL: local.queueUrls.outbound,
      FLATFILE_API_KEY: 'sk_local',
    });
    // No secret name locally: it would send the function to Secrets Manager, which does not run here.
    expect(env).not.toHaveProperty('FLATFILE_API_KEY_SECRET');
    expect(functionEnv(topology, 'egress', local, {})).toMatchObject({
      OUTBOX_BUCKET: local.names.buckets.outbox,
      REJECTS_BUCKET: local.names.buckets.rejects,
    });
    expect(functionEnv(topology, 'webhook', local, { WEBHOOK_SECRET: 'hmac' })).toMatchObject({ WEBHOOK_SECRET: 'hmac' });
  });

  it('frees its ports on stop()', async () => {
    const ports = [...new Set(Object.values(local.endpoints).map((e) => Number(new URL(e).port)))];
    for (const port of ports) expect(await canListen(port, '127.0.0.1')).toBe(false);
    await local.stop();
    stopped = true;
    for (const port of ports) expect(await canListen(port, '127.0.0.1')).toBe(true);
  });
});
