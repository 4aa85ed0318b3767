import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createDynamoClient, createS3Client } from '../shared/aws/clients.js';
import { readDevFile, DEV_FILE } from './dev-file.js';

/** Where `drop` and `runs` act: the local dev stack or AWS, with the inbox and ledger names when known. */
export interface Target {
  /** For messages: "the local dev stack" or "AWS". */
  where: string;
  s3: S3Client;
  dynamodb: DynamoDBClient;
  inboxBucket?: string;
  ledgerTable?: string;
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
    return target(`the local dev stack (${devFile})`, s3, dynamodb, dev.buckets.inbox, dev.tables.ledger);
  }
  return target('AWS', createS3Client(env), createDynamoClient(), bucket, table);
}

function target(where: string, s3: S3Client, dynamodb: DynamoDBClient, inboxBucket?: string, ledgerTable?: string): Target {
  return {
    where,
    s3,
    dynamodb,
    ...(inboxBucket ? { inboxBucket } : {}),
    ...(ledgerTable ? { ledgerTable } : {}),
    destroy() {
      s3.destroy();
      dynamodb.destroy();
    },
  };
}
