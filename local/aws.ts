import { join } from 'node:path';
import { mkdir } from 'node:fs/promises';
import { S3Client, CreateBucketCommand } from '@aws-sdk/client-s3';
import { SQSClient, CreateQueueCommand, GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { DynamoDBClient, CreateTableCommand, DescribeTableCommand, ResourceInUseException } from '@aws-sdk/client-dynamodb';
import type { BucketId, QueueId, QueueSpec, TableId, TableSpec, Topology } from '../infra/topology.js';
import { startFauxqs, type ObjectWrite } from './fauxqs.js';
import { startDynalite } from './dynamodb.js';

export const LOCAL_REGION = 'us-east-1';
const LOCAL_CREDENTIALS = { accessKeyId: 'flatfeed-local', secretAccessKey: 'flatfeed-local' };

export interface LocalAws {
  region: string;
  endpoints: { s3: string; sqs: string; dynamodb: string };
  /** The standard SDK variables that point any `new XClient({})` at this stack. */
  env: Record<string, string>;
  names: { buckets: Record<BucketId, string>; queues: Record<QueueId, string>; tables: Record<TableId, string> };
  queueUrls: Record<QueueId, string>;
  queueArns: Record<QueueId, string>;
  dlqUrls: Record<QueueId, string>;
  clients: { s3: S3Client; sqs: SQSClient; dynamodb: DynamoDBClient };
  /** Committed object writes, in commit order (what the notification bridge turns into S3 events). */
  onObjectWrite(listener: (write: ObjectWrite) => void): () => void;
  stop(): Promise<void>;
}

export interface StartLocalAwsOptions {
  topology: Topology;
  /**
   * Keeps the local services' data here across restarts: S3 objects as files and SQS queues with their messages
   * (fauxqs, under `s3/` and `sqs/`: see local/fauxqs.ts), DynamoDB (dynalite's LevelDB, under `dynamodb/`).
   */
  dataDir?: string;
}

/** Starts fauxqs (S3 + SQS) and dynalite on 127.0.0.1 with ephemeral ports and creates the topology's resources. */
export async function startLocalAws({ topology, dataDir }: StartLocalAwsOptions): Promise<LocalAws> {
  const fauxqs = await startFauxqs(LOCAL_REGION, dataDir ? { dataDir } : {});
  let dynalitePath: string | undefined;
  if (dataDir) {
    dynalitePath = join(dataDir, 'dynamodb');
    await mkdir(dynalitePath, { recursive: true });
  }
  const dynamo = await startDynalite(dynalitePath).catch(async (err: unknown) => {
    await fauxqs.stop();
    throw err;
  });
  const endpoints = { s3: fauxqs.endpoint, sqs: fauxqs.endpoint, dynamodb: dynamo.endpoint };
  const base = { region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS };
  const clients = {
    s3: new S3Client({ ...base, endpoint: endpoints.s3, forcePathStyle: true }),
    sqs: new SQSClient({ ...base, endpoint: endpoints.sqs }),
    dynamodb: new DynamoDBClient({ ...base, endpoint: endpoints.dynamodb }),
  };
  const stop = async () => {
    for (const client of Object.values(clients)) client.destroy();
    await Promise.all([fauxqs.stop(), dynamo.stop()]);
  };

  try {
    for (const bucket of topology.buckets) await clients.s3.send(new CreateBucketCommand({ Bucket: bucket.name }));
    const queues = await Promise.all(topology.queues.map((q) => createQueueWithDlq(clients.sqs, q)));
    for (const table of topology.tables) {
      await clients.dynamodb.send(createTable(table)).catch((err: unknown) => {
        if (!(err instanceof ResourceInUseException)) throw err; // kept from a previous run in dataDir
      });
      await untilActive(clients.dynamodb, table.name);
    }

    const byQueue = <T>(pick: (q: (typeof queues)[number]) => T) =>
      Object.fromEntries(queues.map((q) => [q.id, pick(q)])) as Record<QueueId, T>;
    return {
      region: LOCAL_REGION,
      endpoints,
      env: {
        AWS_REGION: LOCAL_REGION,
        AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
        AWS_ENDPOINT_URL_S3: endpoints.s3,
        AWS_ENDPOINT_URL_SQS: endpoints.sqs,
        AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb,
      },
      names: {
        buckets: Object.fromEntries(topology.buckets.map((b) => [b.id, b.name])) as Record<BucketId, string>,
        queues: byQueue((q) => q.name),
        tables: Object.fromEntries(topology.tables.map((t) => [t.id, t.name])) as Record<TableId, string>,
      },
      queueUrls: byQueue((q) => q.url),
      queueArns: byQueue((q) => q.arn),
      dlqUrls: byQueue((q) => q.dlqUrl),
      clients,
      onObjectWrite: (listener) => fauxqs.onObjectWrite(listener),
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** Sets the stack's SDK variables on an environment (process.env by default); returns a function restoring it. */
export function applyLocalEnv(local: Pick<LocalAws, 'env'>, target: NodeJS.ProcessEnv = process.env): () => void {
  const previous = Object.fromEntries(Object.keys(local.env).map((k) => [k, target[k]]));
  Object.assign(target, local.env);
  return () => {
    for (const [k, v] of Object.entries(previous)) {
      if (v === undefined) delete target[k];
      else target[k] = v;
    }
  };
}

async function createQueueWithDlq(sqs: SQSClient, spec: QueueSpec) {
  const fifo = spec.fifo ? { FifoQueue: 'true' } : {};
  const retention = (days: number) => String(days * 24 * 3600);
  const dlq = await sqs.send(
    new CreateQueueCommand({
      QueueName: spec.dlq.name,
      Attributes: { ...fifo, MessageRetentionPeriod: retention(spec.dlq.retentionDays) },
    }),
  );
  const dlqArn = await queueArn(sqs, dlq.QueueUrl!);
  const queue = await sqs.send(
    new CreateQueueCommand({
      QueueName: spec.name,
      Attributes: {
        ...fifo,
        VisibilityTimeout: String(spec.visibilityTimeoutSeconds),
        MessageRetentionPeriod: retention(spec.retentionDays),
        RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: spec.dlq.maxReceiveCount }),
      },
    }),
  );
  return { id: spec.id, name: spec.name, url: queue.QueueUrl!, arn: await queueArn(sqs, queue.QueueUrl!), dlqUrl: dlq.QueueUrl! };
}

async function queueArn(sqs: SQSClient, url: string): Promise<string> {
  const res = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }));
  return res.Attributes!.QueueArn!;
}

/**
 * dynalite answers CreateTable with CREATING and flips the table to ACTIVE in a write of its own; until then every
 * item call is ResourceNotFound. In memory that is the next tick; on LevelDB (--data-dir) under load it was seen to
 * take longer than the first PutItem (test/local/data-dir.test.ts failed so in the full suite).
 */
async function untilActive(db: DynamoDBClient, table: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const { Table } = await db.send(new DescribeTableCommand({ TableName: table }));
    if (Table?.TableStatus === 'ACTIVE') return;
    if (Date.now() > deadline) throw new Error(`local DynamoDB table ${table} still ${Table?.TableStatus} after 30 s`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The ledger as the stack declares it. dynalite has no UpdateTimeToLive, so TTL is simply not enforced locally. */
function createTable(table: TableSpec): CreateTableCommand {
  const keys = (partitionKey: string, sortKey: string) => [
    { AttributeName: partitionKey, KeyType: 'HASH' as const },
    { AttributeName: sortKey, KeyType: 'RANGE' as const },
  ];
  const attributes = new Set([table.partitionKey, table.sortKey, ...table.indexes.flatMap((i) => [i.partitionKey, i.sortKey])]);
  return new CreateTableCommand({
    TableName: table.name,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [...attributes].map((name) => ({ AttributeName: name, AttributeType: 'S' })),
    KeySchema: keys(table.partitionKey, table.sortKey),
    ...(table.indexes.length > 0
      ? {
          GlobalSecondaryIndexes: table.indexes.map((i) => ({
            IndexName: i.name,
            KeySchema: keys(i.partitionKey, i.sortKey),
            Projection: { ProjectionType: 'ALL' },
          })),
        }
      : {}),
  });
}
