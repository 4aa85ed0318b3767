import { setTimeout as sleep } from 'node:timers/promises';
import { ChangeMessageVisibilityBatchCommand, DeleteMessageBatchCommand, ReceiveMessageCommand, type Message } from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent, SQSMessageAttributes, SQSRecord, SQSRecordAttributes } from 'aws-lambda';
import type { FunctionId, Topology } from '../infra/topology.js';
import type { LocalAws } from './aws.js';
import { lambdaContext } from './lambda-context.js';

export type SqsHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse | void | undefined>;

export interface SqsTriggerOptions {
  local: Pick<LocalAws, 'region' | 'clients' | 'queueUrls' | 'queueArns'>;
  topology: Topology;
  /** The function whose `sqs` trigger this plays (queue, batch size, timeout). */
  functionId: FunctionId;
  handler: SqsHandler;
  /**
   * Overrides the queue's visibility timeout per receive, so tests see redelivery and the DLQ quickly and a crashed
   * `flatfeed dev` gets its messages back in minutes, not the hour a worker's queue allows. While the handler runs
   * the messages are kept invisible (extended every third of the timeout), as Lambda's six-times-the-timeout rule
   * guarantees in AWS: only a failed or dead consumer's messages come back.
   */
  visibilityTimeoutSeconds?: number;
  /** Long-poll wait per receive; also the longest stop() waits for an idle poll. */
  waitTimeSeconds?: number;
  onError?: (err: unknown) => void;
}

export interface SqsTrigger {
  /** Stops polling and resolves after the batch in flight (if any) is finished. */
  stop(): Promise<void>;
}

/**
 * Plays Lambda's SQS event source mapping with ReportBatchItemFailures: receive up to the batch size, invoke the
 * handler with a real SQSEvent, delete what succeeded. Failed messages are left alone: they reappear after the
 * visibility timeout and SQS's redrive policy moves them to the DLQ after maxReceiveCount. One batch at a time.
 */
export function startSqsTrigger(options: SqsTriggerOptions): SqsTrigger {
  const { local, topology, functionId, handler } = options;
  const fn = topology.functions.find((f) => f.id === functionId);
  if (!fn || fn.trigger.kind !== 'sqs') throw new Error(`function "${functionId}" has no sqs trigger in the topology`);
  const { queue, batchSize } = fn.trigger;
  const queueUrl = local.queueUrls[queue];
  const queueArn = local.queueArns[queue]!;
  const sqs = local.clients.sqs;
  const onError = options.onError ?? ((err: unknown) => console.error(`[${functionId}] sqs trigger:`, err));
  let stopped = false;

  const pollOnce = async () => {
    const received = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        // An event source mapping batch can exceed 10; one receive cannot, and the topology's never do.
        MaxNumberOfMessages: Math.min(batchSize, 10),
        WaitTimeSeconds: options.waitTimeSeconds ?? 1,
        ...(options.visibilityTimeoutSeconds !== undefined ? { VisibilityTimeout: options.visibilityTimeoutSeconds } : {}),
        MessageSystemAttributeNames: ['All'],
        MessageAttributeNames: ['All'],
      }),
    );
    const messages = received.Messages ?? [];
    if (messages.length === 0) return;
    const event: SQSEvent = { Records: messages.map((m) => sqsRecord(m, queueArn, local.region)) };
    const keepInvisible = options.visibilityTimeoutSeconds !== undefined ? holdWhileRunning(messages, options.visibilityTimeoutSeconds) : undefined;
    let failed: Set<string>;
    try {
      failed = await invoke(event, lambdaContext(fn, local.region));
    } finally {
      keepInvisible?.stop();
    }
    const done = messages.filter((m) => !failed.has(m.MessageId!));
    if (done.length > 0) {
      const res = await sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: done.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })),
        }),
      );
      if (res.Failed?.length) onError(new Error(`could not delete ${res.Failed.length} processed message(s)`));
    }
  };

  /** The ids Lambda would treat as failed: the reported ones, or all of them if the invocation failed. */
  const invoke = async (event: SQSEvent, context: Context): Promise<Set<string>> => {
    const all = new Set(event.Records.map((r) => r.messageId));
    let timer: NodeJS.Timeout | undefined;
    try {
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${context.functionName} timed out after ${fn.timeoutSeconds} s`)), fn.timeoutSeconds * 1000);
      });
      const result = await Promise.race([handler(event, context), timeout]);
      const ids = (result?.batchItemFailures ?? []).map((f) => f.itemIdentifier);
      // Lambda fails the whole batch when a reported identifier is not one of the batch's message ids.
      if (ids.some((id) => !all.has(id))) {
        onError(new Error(`batchItemFailures names unknown message ids: ${JSON.stringify(ids)}`));
        return all;
      }
      return new Set(ids);
    } catch (err) {
      onError(err);
      return all;
    } finally {
      clearTimeout(timer);
    }
  };

  /** Extends the messages' visibility while their handler runs; best effort (a lost extension is a redelivery). */
  const holdWhileRunning = (messages: Message[], seconds: number) => {
    const timer = setInterval(() => {
      sqs
        .send(
          new ChangeMessageVisibilityBatchCommand({
            QueueUrl: queueUrl,
            Entries: messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle!, VisibilityTimeout: seconds })),
          }),
        )
        .catch(() => undefined);
    }, Math.max(500, (seconds * 1000) / 3));
    return { stop: () => clearInterval(timer) };
  };

  const loop = (async () => {
    while (!stopped) {
      try {
        await pollOnce();
      } catch (err) {
        if (stopped) break;
        onError(err);
        await sleep(250); // the queue is unreachable or misbehaving; do not spin
      }
    }
  })();

  return {
    async stop() {
      stopped = true;
      await loop;
    },
  };
}

function sqsRecord(m: Message, eventSourceARN: string, awsRegion: string): SQSRecord {
  return {
    messageId: m.MessageId!,
    receiptHandle: m.ReceiptHandle!,
    body: m.Body ?? '',
    attributes: (m.Attributes ?? {}) as unknown as SQSRecordAttributes,
    messageAttributes: Object.fromEntries(
      Object.entries(m.MessageAttributes ?? {}).map(([name, v]) => [
        name,
        {
          dataType: v.DataType ?? 'String',
          ...(v.StringValue !== undefined ? { stringValue: v.StringValue } : {}),
          ...(v.BinaryValue !== undefined ? { binaryValue: Buffer.from(v.BinaryValue).toString('base64') } : {}),
          stringListValues: v.StringListValues ?? [],
          binaryListValues: (v.BinaryListValues ?? []).map((b) => Buffer.from(b).toString('base64')),
        },
      ]),
    ) as SQSMessageAttributes,
    md5OfBody: m.MD5OfBody ?? '',
    eventSource: 'aws:sqs',
    eventSourceARN,
    awsRegion,
  };
}
