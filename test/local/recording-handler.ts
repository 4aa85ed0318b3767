import middy from '@middy/core';
import eventNormalizer from '@middy/event-normalizer';
import type { Context, S3Event, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { feedForKey, type Manifest } from '../../shared/manifest/index.js';

/** What the placeholder saw of one S3 record, key already decoded. */
export interface ReceivedObject {
  messageId: string;
  /** The feed claiming the key, or undefined when no feed does. */
  feed: string | undefined;
  bucket: string;
  key: string;
  size: number;
  eTag: string;
  eventName: string;
  sequencer: string;
  receiveCount: number;
}

/** After @middy/event-normalizer an SQS body is parsed and S3 keys are decoded. */
type NormalizedRecord = Omit<SQSRecord, 'body'> & { body: Partial<S3Event> & { Event?: string } };

/**
 * A stand-in for functions/ingress where only delivery is under test (the notification bridge): the same middleware
 * a real handler uses to decode S3 records from the SQS body, then it only reports each object. s3:TestEvent bodies
 * are acknowledged and ignored.
 */
export function createRecordingHandler(manifest: Manifest, report: (received: ReceivedObject) => void) {
  return middy<SQSEvent, SQSBatchResponse, Error, Context>()
    .use(eventNormalizer())
    .handler(async (event) => {
      for (const record of event.Records as unknown as NormalizedRecord[]) {
        if (record.body.Event === 's3:TestEvent') continue;
        for (const r of record.body.Records ?? []) {
          report({
            messageId: record.messageId,
            feed: feedForKey(manifest, r.s3.object.key)?.name,
            bucket: r.s3.bucket.name,
            key: r.s3.object.key,
            size: r.s3.object.size,
            eTag: r.s3.object.eTag,
            eventName: r.eventName,
            sequencer: r.s3.object.sequencer,
            receiveCount: Number(record.attributes.ApproximateReceiveCount),
          });
        }
      }
      return { batchItemFailures: [] };
    });
}
