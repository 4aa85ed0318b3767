import { SendMessageBatchCommand, type SendMessageBatchRequestEntry, type SQSClient } from '@aws-sdk/client-sqs';
import { TransientError } from '../errors/index.js';
import { withRetry } from '../runtime/retry.js';
import { messageGroupOf, type EventEnvelope } from './envelope.js';

const BATCH = 10; // SendMessageBatch's limit

/**
 * Puts events on the events FIFO queue, group = space, deduplication id = event id (so a repeat within SQS's
 * 5-minute window is dropped by SQS itself; the listener's processOnce covers the rest). Resolves only when every
 * event is accepted; entries SQS refuses are retried, then the whole call fails and nothing may be acknowledged.
 */
export async function enqueueEvents(sqs: SQSClient, queueUrl: string, events: readonly EventEnvelope[]): Promise<void> {
  for (let i = 0; i < events.length; i += BATCH) {
    const entries: SendMessageBatchRequestEntry[] = events.slice(i, i + BATCH).map((e, n) => ({
      Id: String(n),
      MessageBody: JSON.stringify(e),
      MessageGroupId: messageGroupOf(e),
      MessageDeduplicationId: e.id,
    }));
    await sendAll(sqs, queueUrl, entries);
  }
}

async function sendAll(sqs: SQSClient, queueUrl: string, entries: SendMessageBatchRequestEntry[]): Promise<void> {
  let pending = entries;
  await withRetry(
    async () => {
      const res = await sqs.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: pending }));
      const failed = new Set((res.Failed ?? []).map((f) => f.Id));
      if (failed.size === 0) return;
      pending = pending.filter((e) => failed.has(e.Id));
      const codes = (res.Failed ?? []).map((f) => f.Code).join(', ');
      throw new TransientError(`SQS refused ${failed.size} of the events (${codes})`);
    },
    { attempts: 4, baseDelayMs: 100 },
  );
}
