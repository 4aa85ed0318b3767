import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { sendJson } from '../aws/sqs.js';
import type { Ledger } from '../ledger/index.js';
import { deduplicationId, type ChangeEvent } from './change-event.js';

/** How long a delivered change is remembered; SQS FIFO deduplicates for 5 minutes only. */
const KEEP_DAYS = 30;

const marker = (e: ChangeEvent) => ({ pk: `CHANGE#${e.sheetId}#${e.recordId}`, sk: `V#${e.version}` });

/**
 * Sends a change once: on the FIFO queue in the record's message group (its changes stay in order), with a
 * deduplication id of record and version, and remembered in the ledger afterwards. A repeat after a crash between
 * send and mark falls inside FIFO's 5-minute window (the generation's lease is shorter); a repeat later — the same
 * version seen again from the next snapshot — finds the mark. Returns whether it sent.
 */
export async function deliverOnce(deps: { ledger: Ledger; sqs: SQSClient }, queueUrl: string, event: ChangeEvent): Promise<boolean> {
  const { ledger } = deps;
  const seen = await ledger.db.send(new GetCommand({ TableName: ledger.table, Key: marker(event), ConsistentRead: true }));
  if (seen.Item) return false;
  await sendJson(deps.sqs, queueUrl, event, { groupId: event.recordId, deduplicationId: deduplicationId(event) });
  const at = ledger.now();
  await ledger.db.send(
    new PutCommand({
      TableName: ledger.table,
      Item: { ...marker(event), sentAt: at.toISOString(), expiresAt: Math.floor(at.getTime() / 1000) + KEEP_DAYS * 86_400 },
    }),
  );
  return true;
}
