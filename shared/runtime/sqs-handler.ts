import middy from '@middy/core';
import eventNormalizer from '@middy/event-normalizer';
import sqsPartialBatchFailure from '@middy/sqs-partial-batch-failure';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { MetricUnit, type Telemetry } from '../telemetry/index.js';
import { RECORD_FAILURES_METRIC } from '../telemetry/metric-names.js';

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
  return withMiddleware(telemetry, (records, context) => Promise.allSettled(records.map((r) => processRecord(r as NormalizedSqsRecord<TBody>, context))));
}

/**
 * The same for FIFO queues: records of one message group run in order, one at a time, and once one fails the rest of
 * its group fail too (they come back after it, in order); different groups run side by side.
 */
export function sqsFifoHandler<TBody>(
  telemetry: Telemetry,
  processRecord: RecordProcessor<TBody>,
): middy.MiddyfiedHandler<SQSEvent, SQSBatchResponse, Error, Context> {
  return withMiddleware(telemetry, async (records, context) => {
    const results: PromiseSettledResult<void>[] = new Array(records.length);
    const groups = new Map<string, number[]>();
    records.forEach((r, i) => {
      const g = r.attributes.MessageGroupId ?? r.messageId;
      groups.set(g, [...(groups.get(g) ?? []), i]);
    });
    await Promise.all(
      [...groups.values()].map(async (indexes) => {
        let failed: unknown;
        for (const i of indexes) {
          if (failed !== undefined) {
            results[i] = { status: 'rejected', reason: new Error('not processed: an earlier message of its group failed') };
            continue;
          }
          try {
            await processRecord(records[i] as NormalizedSqsRecord<TBody>, context);
            results[i] = { status: 'fulfilled', value: undefined };
          } catch (e) {
            failed = e;
            results[i] = { status: 'rejected', reason: e };
          }
        }
      }),
    );
    return results;
  });
}

function withMiddleware(
  telemetry: Telemetry,
  run: (records: SQSRecord[], context: Context) => Promise<PromiseSettledResult<void>[]>,
): middy.MiddyfiedHandler<SQSEvent, SQSBatchResponse, Error, Context> {
  const { logger } = telemetry;
  return middy<SQSEvent, SQSBatchResponse, Error, Context>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(eventNormalizer())
    .use(
      sqsPartialBatchFailure({
        logger: (reason: unknown, record: SQSRecord) => {
          logger.error('record failed; SQS will redeliver it', { messageId: record.messageId, error: reason as Error });
          // Published at once (EMF): the <fn>-record-failures alarm fires on it, as Lambda's Errors never does here.
          telemetry.metrics.singleMetric().addMetric(RECORD_FAILURES_METRIC, MetricUnit.Count, 1);
        },
      }),
    )
    // sqs-partial-batch-failure turns the settled results into { batchItemFailures }.
    .handler(async (event, context) => (await run(event.Records, context)) as unknown as SQSBatchResponse);
}
