import middy from '@middy/core';
import eventNormalizer from '@middy/event-normalizer';
import sqsPartialBatchFailure from '@middy/sqs-partial-batch-failure';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { Telemetry } from '../telemetry/index.js';

/** An SQS record after @middy/event-normalizer: the body is parsed JSON (S3 keys inside it URL-decoded). */
export type NormalizedSqsRecord<TBody> = Omit<SQSRecord, 'body'> & { body: TBody };

export type RecordProcessor<TBody> = (record: NormalizedSqsRecord<TBody>, context: Context) => Promise<void>;

/**
 * The one shape of every SQS-triggered function: Powertools logging, bodies normalised, each record
 * processed independently, and failures reported per record (batchItemFailures) so one bad message never re-drives
 * the others. Metrics carry a per-record feed dimension, so processors publish them as single metrics (see
 * telemetry/feedMetrics) rather than one flush per invocation. The processor handles bad input itself (terminal, reported); whatever it throws is retried by SQS and
 * ends in the DLQ after maxReceiveCount.
 */
export function sqsHandler<TBody>(
  telemetry: Telemetry,
  processRecord: RecordProcessor<TBody>,
): middy.MiddyfiedHandler<SQSEvent, SQSBatchResponse, Error, Context> {
  const { logger } = telemetry;
  return middy<SQSEvent, SQSBatchResponse, Error, Context>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(eventNormalizer())
    .use(
      sqsPartialBatchFailure({
        logger: (reason: unknown, record: SQSRecord) =>
          logger.error('record failed; SQS will redeliver it', { messageId: record.messageId, error: reason as Error }),
      }),
    )
    .handler(async (event, context) => {
      const records = event.Records as unknown as NormalizedSqsRecord<TBody>[];
      // sqs-partial-batch-failure turns these settled results into { batchItemFailures }.
      return (await Promise.allSettled(records.map((r) => processRecord(r, context)))) as unknown as SQSBatchResponse;
    });
}
