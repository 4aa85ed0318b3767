import {
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  type Message,
  type MessageAttributeValue,
  type SQSClient,
} from '@aws-sdk/client-sqs';

export interface MoveReport {
  moved: number;
  /** Messages SQS refused to take back (left in the DLQ, with the reason). */
  refused: { messageId: string; reason: string }[];
}

/**
 * Moves every message of a DLQ back to its source queue, as SQS's own "DLQ redrive" does (StartMessageMoveTask, which
 * the local SQS does not serve): receive a batch (hidden from others meanwhile), send it to the source with its
 * attributes, and delete from the DLQ only what the source accepted. FIFO messages keep their group, with a fresh
 * deduplication id: the original one would be dropped as a repeat within SQS's 5-minute window. Stops when a receive
 * comes back empty; a message received by someone else meanwhile stays where it is.
 */
export async function moveDlqMessages(sqs: SQSClient, from: string, to: string, options: { fifo: boolean; hideSeconds?: number }): Promise<MoveReport> {
  const report: MoveReport = { moved: 0, refused: [] };
  for (;;) {
    const { Messages: batch = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: from,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 0,
        VisibilityTimeout: options.hideSeconds ?? 60,
        MessageSystemAttributeNames: ['MessageGroupId'],
        MessageAttributeNames: ['All'],
      }),
    );
    if (batch.length === 0) return report;
    const sent = await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: to,
        Entries: batch.map((m, i) => ({
          Id: String(i),
          MessageBody: m.Body ?? '',
          ...(m.MessageAttributes ? { MessageAttributes: m.MessageAttributes as Record<string, MessageAttributeValue> } : {}),
          ...(options.fifo ? { MessageGroupId: m.Attributes?.MessageGroupId ?? 'redrive', MessageDeduplicationId: `redrive-${m.MessageId}` } : {}),
        })),
      }),
    );
    for (const f of sent.Failed ?? []) report.refused.push({ messageId: batch[Number(f.Id)]!.MessageId!, reason: `${f.Code}: ${f.Message ?? ''}` });
    const accepted = (sent.Successful ?? []).map((s) => batch[Number(s.Id)]!) as Message[];
    if (accepted.length > 0) {
      await sqs.send(new DeleteMessageBatchCommand({ QueueUrl: from, Entries: accepted.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })) }));
    }
    report.moved += accepted.length;
  }
}
