import { HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { Context, SQSEvent } from 'aws-lambda';

/** One ObjectCreated:Put record as S3 sends it: key form-encoded (space as +), the bucket's real ARN. */
export function s3Record(bucket: string, key: string, size: number, eTag: string, configurationId = 'test') {
  return {
    eventVersion: '2.1',
    eventSource: 'aws:s3',
    awsRegion: 'us-east-1',
    eventTime: new Date().toISOString(),
    eventName: 'ObjectCreated:Put',
    s3: {
      s3SchemaVersion: '1.0',
      configurationId,
      bucket: { name: bucket, arn: `arn:aws:s3:::${bucket}` },
      object: { key: encodeURIComponent(key).replaceAll('%2F', '/').replaceAll('%20', '+'), size, eTag, sequencer: '0F' },
    },
  };
}

/** The notification body S3 sends for an object that exists, built from its head. */
export async function notificationFor(s3: S3Client, bucket: string, key: string) {
  const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
  return { Records: [s3Record(bucket, key, head.ContentLength ?? 0, head.ETag?.replaceAll('"', '') ?? '')] };
}

/** One SQS message as Lambda's trigger hands it over. */
export function sqsEvent(messageId: string, body: unknown, eventSourceARN: string): SQSEvent {
  return {
    Records: [
      {
        messageId,
        receiptHandle: messageId,
        body: JSON.stringify(body),
        attributes: { ApproximateReceiveCount: '1', SentTimestamp: '0', SenderId: 'test', ApproximateFirstReceiveTimestamp: '0' },
        messageAttributes: {},
        md5OfBody: '',
        eventSource: 'aws:sqs',
        eventSourceARN,
        awsRegion: 'us-east-1',
      },
    ],
  };
}

export const lambdaTestContext = (functionName: string) =>
  ({ awsRequestId: 'test', functionName, getRemainingTimeInMillis: () => 60_000 }) as unknown as Context;
