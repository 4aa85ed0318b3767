import { randomUUID } from 'node:crypto';
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { FunctionId } from '../../infra/topology.js';
import { messageGroupOf, type EventEnvelope } from '../../shared/events/envelope.js';
import type { SqsHandler } from '../../local/sqs-trigger.js';

// At-least-once delivery played at its worst, around the real handlers (local/pipeline.ts `deliverThrough`):
// - every batch of every queue-driven function is delivered twice (same message ids, new receipt handles, receive
//   count 2): on the standard queues every other batch the second delivery runs while the first is still in flight
//   (two consumers got the same message), else right after it (a redelivery);
// - every Flatfile event, once handled, is sent to the events FIFO queue once more, alternately under its own id (as
//   the poller and the webhook both deliver it, or a redelivery past SQS's 5-minute deduplication window) and under
//   a new id (as the platform re-sends after its own retries). The copies are held back and sent in reverse order,
//   so they arrive out of order, after later events of the same Space.
// The copies themselves are not copied again.

const COPY = 'flatfeed-test-copy';

export interface DuplicateDelivery {
  /** Off: messages pass through once, as SQS usually delivers them. */
  on: boolean;
  /** What was duplicated so far. */
  readonly tally: { batchesTwice: number; concurrent: number; eventsSameId: number; eventsNewId: number };
  deliverThrough(functionId: FunctionId, handler: SqsHandler): SqsHandler;
  /** Where event copies go; set once the pipeline has started. */
  attach(sqs: SQSClient, eventsQueueUrl: string): void;
  /** Sends the copies still held back and resolves when none is waiting. */
  flush(): Promise<void>;
}

export function duplicateDelivery(): DuplicateDelivery {
  const tally = { batchesTwice: 0, concurrent: 0, eventsSameId: 0, eventsNewId: 0 };
  let target: { sqs: SQSClient; url: string } | undefined;
  let held: EventEnvelope[] = [];
  let sending = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  let batches = 0;
  let on = false;
  let events = 0;

  const sendHeld = () => {
    clearTimeout(timer);
    timer = undefined;
    const copies = held.reverse();
    held = [];
    sending = sending.then(async () => {
      for (const e of copies) {
        await target!.sqs.send(
          new SendMessageCommand({
            QueueUrl: target!.url,
            MessageBody: JSON.stringify(e),
            MessageGroupId: messageGroupOf(e),
            // A fresh deduplication id: SQS must not drop the copy; the listener has to.
            MessageDeduplicationId: randomUUID(),
            MessageAttributes: { [COPY]: { DataType: 'String', StringValue: '1' } },
          }),
        );
      }
    });
    return sending;
  };

  const hold = (record: SQSRecord) => {
    if (record.messageAttributes[COPY]) return;
    const event = JSON.parse(record.body) as EventEnvelope;
    const newId = events++ % 2 === 1;
    if (newId) tally.eventsNewId++;
    else tally.eventsSameId++;
    held.push(newId ? { ...event, id: `${event.id}x${events}` } : event);
    // Held until a few have gathered (then reversed), or briefly when the Space goes quiet.
    if (held.length >= 4) void sendHeld();
    else timer ??= setTimeout(() => void sendHeld(), 1_500);
  };

  const again = (event: SQSEvent): SQSEvent => ({
    Records: event.Records.map((r) => ({
      ...r,
      receiptHandle: `${r.receiptHandle}-again`,
      attributes: { ...r.attributes, ApproximateReceiveCount: String(Number(r.attributes.ApproximateReceiveCount ?? '1') + 1) },
    })),
  });

  const failures = (...results: (SQSBatchResponse | void | undefined)[]) => {
    const ids = new Set(results.flatMap((r) => (r?.batchItemFailures ?? []).map((f) => f.itemIdentifier)));
    return { batchItemFailures: [...ids].map((itemIdentifier) => ({ itemIdentifier })) };
  };

  return {
    get on() {
      return on;
    },
    set on(value: boolean) {
      on = value;
    },
    tally,
    attach(sqs, url) {
      target = { sqs, url };
    },
    async flush() {
      await sendHeld();
    },
    deliverThrough(functionId, handler) {
      return async (delivered, context) => {
        if (!on) return handler(delivered, context);
        tally.batchesTwice++;
        // middy's event normalizer parses bodies in place: each delivery gets the event as SQS sent it.
        const event = structuredClone(delivered);
        if (functionId === 'listener') {
          // FIFO: a group's messages are never handed to two consumers at once; the same batch comes again.
          const first = await handler(structuredClone(event), context);
          const second = await handler(again(event), context);
          for (const r of event.Records) hold(r);
          return failures(first, second);
        }
        if (batches++ % 2 === 0) {
          tally.concurrent++;
          const [first, second] = await Promise.all([handler(structuredClone(event), context), handler(again(event), context)]);
          return failures(first, second);
        }
        const first = await handler(structuredClone(event), context);
        return failures(first, await handler(again(event), context));
      };
    },
  };
}
