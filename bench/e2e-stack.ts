// The end-to-end benchmark's processes share one picture of local AWS: what the AWS process started, described as
// JSON, and turned back into a LocalAws (clients and all) in the functions' process.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { LocalAws } from '../local/aws.js';

export type LocalAwsDescription = Omit<LocalAws, 'clients' | 'onObjectWrite' | 'stop'>;

export function describeLocalAws(local: LocalAws): LocalAwsDescription {
  const { region, endpoints, env, names, queueUrls, queueArns, dlqUrls } = local;
  return { region, endpoints, env, names, queueUrls, queueArns, dlqUrls };
}

/** Clients for local AWS running in another process; stop() closes the clients, not the services. */
export function connectLocalAws(d: LocalAwsDescription): LocalAws {
  const base = { region: d.region, credentials: { accessKeyId: d.env.AWS_ACCESS_KEY_ID!, secretAccessKey: d.env.AWS_SECRET_ACCESS_KEY! } };
  const clients = {
    s3: new S3Client({ ...base, endpoint: d.endpoints.s3, forcePathStyle: true }),
    sqs: new SQSClient({ ...base, endpoint: d.endpoints.sqs }),
    dynamodb: new DynamoDBClient({ ...base, endpoint: d.endpoints.dynamodb }),
  };
  return {
    ...d,
    clients,
    onObjectWrite: () => {
      throw new Error('object writes are observed in the process that runs local AWS');
    },
    async stop() {
      for (const client of Object.values(clients)) client.destroy();
    },
  };
}
