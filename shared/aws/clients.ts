import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

// Factories, never module-level singletons: tests and the local runtime point them anywhere through the standard
// AWS_ENDPOINT_URL_* variables, so handler code has no local branch.

export function createS3Client(env: NodeJS.ProcessEnv = process.env): S3Client {
  const endpoint = env.AWS_ENDPOINT_URL_S3 ?? env.AWS_ENDPOINT_URL;
  // An endpoint override means an emulator on a hostname or IP: virtual-host addressing would not resolve there.
  return new S3Client({ forcePathStyle: endpoint !== undefined });
}

export function createSqsClient(): SQSClient {
  return new SQSClient({});
}

export function createDynamoClient(): DynamoDBClient {
  return new DynamoDBClient({});
}

export function createDocumentClient(client: DynamoDBClient = createDynamoClient()): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}
