import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { createDynamoClient, createS3Client, createSqsClient } from '../shared/aws/clients.js';
import { readDevFile, DEV_FILE } from './dev-file.js';

/** Where `drop` and `runs` act: the local dev stack or AWS, with the inbox and ledger names when known. */
export interface Target {
  /** For messages: "the local dev stack" or "AWS". */
  where: string;
  s3: S3Client;
  dynamodb: DynamoDBClient;
  sqs: SQSClient;
  inboxBucket?: string;
  ledgerTable?: string;
  /** Queue and DLQ URLs by topology id: the dev stack's, or on AWS `<ID>_QUEUE_URL` / `<ID>_DLQ_URL`. */
  queues: Partial<Record<string, { url?: string; dlqUrl?: string }>>;
  destroy(): void;
}

export interface TargetOptions {
  inboxBucket?: string;
  ledgerTable?: string;
}

/**
 * The local dev stack (from .flatfeed/dev.json) when it runs and nothing says otherwise; AWS through the SDK's usual
 * environment when --inbox-bucket/--ledger-table, INBOX_BUCKET/LEDGER_TABLE or AWS_ENDPOINT_URL* variables name another target.
 */
export async function resolveTarget(options: TargetOptions, env: NodeJS.ProcessEnv = process.env, devFile = DEV_FILE): Promise<Target> {
  const bucket = options.inboxBucket ?? env.INBOX_BUCKET;
  const table = options.ledgerTable ?? env.LEDGER_TABLE;
  const endpoints = Object.entries(env).filter(([k]) => k.startsWith('AWS_ENDPOINT_URL'));
  const dev = bucket || table ? undefined : await readDevFile(devFile);
  // Endpoint variables name the target, unless they are the dev stack's own (pasted from `flatfeed dev`).
  if (dev && endpoints.every(([k, v]) => dev.env[k] === v)) {
    const base = {
      region: dev.env.AWS_REGION,
      credentials: { accessKeyId: dev.env.AWS_ACCESS_KEY_ID!, secretAccessKey: dev.env.AWS_SECRET_ACCESS_KEY! },
    };
    const s3 = new S3Client({ ...base, endpoint: dev.env.AWS_ENDPOINT_URL_S3, forcePathStyle: true });
    const dynamodb = new DynamoDBClient({ ...base, endpoint: dev.env.AWS_ENDPOINT_URL_DYNAMODB });
    const sqs = new SQSClient({ ...base, endpoint: dev.env.AWS_ENDPOINT_URL_SQS });
    return target(`the local dev stack (${devFile})`, { s3, dynamodb, sqs }, dev.queues ?? {}, dev.buckets.inbox, dev.tables.ledger);
  }
  return target('AWS', { s3: createS3Client(env), dynamodb: createDynamoClient(), sqs: createSqsClient() }, queuesFromEnv(env), bucket, table);
}

/** `INGRESS_QUEUE_URL`, `INGRESS_DLQ_URL`, … (the functions' own variable names for the queues). */
function queuesFromEnv(env: NodeJS.ProcessEnv): Target['queues'] {
  const queues: Target['queues'] = {};
  for (const [name, value] of Object.entries(env)) {
    const m = /^([A-Z]+)_(QUEUE|DLQ)_URL$/.exec(name);
    if (!m || !value) continue;
    const id = m[1]!.toLowerCase();
    queues[id] = { ...queues[id], [m[2] === 'QUEUE' ? 'url' : 'dlqUrl']: value };
  }
  return queues;
}

function target(
  where: string,
  clients: { s3: S3Client; dynamodb: DynamoDBClient; sqs: SQSClient },
  queues: Target['queues'],
  inboxBucket?: string,
  ledgerTable?: string,
): Target {
  return {
    where,
    ...clients,
    queues,
    ...(inboxBucket ? { inboxBucket } : {}),
    ...(ledgerTable ? { ledgerTable } : {}),
    destroy() {
      clients.s3.destroy();
      clients.dynamodb.destroy();
      clients.sqs.destroy();
    },
  };
}
