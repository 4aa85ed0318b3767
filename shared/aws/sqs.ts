import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';

/** Sends one JSON message; FIFO queues need the group and deduplication ids. */
export async function sendJson(
  sqs: SQSClient,
  queueUrl: string,
  body: unknown,
  fifo?: { groupId: string; deduplicationId: string },
): Promise<void> {
  await sqs.send(
    new SendMessageCommand({
      QueueUrl: queueUrl,
      MessageBody: JSON.stringify(body),
      ...(fifo ? { MessageGroupId: fifo.groupId, MessageDeduplicationId: fifo.deduplicationId } : {}),
    }),
  );
}
