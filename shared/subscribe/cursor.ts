import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Ledger } from '../ledger/index.js';

/**
 * Where a sheet's change subscription stands: the snapshot the next changes are read against, and its generation.
 * Generation n → n+1 is one step in the ledger (changes.ts), so each snapshot's changes are delivered by one
 * worker, once; the cursor only ever moves forward.
 */
export interface Cursor {
  feed: string;
  runId: string;
  workbookId: string;
  sheetId: string;
  snapshotId: string;
  gen: number;
}

const key = (sheetId: string) => ({ pk: `SUB#${sheetId}`, sk: 'CURSOR' });

export async function readCursor(ledger: Ledger, sheetId: string): Promise<Cursor | undefined> {
  const r = await ledger.db.send(new GetCommand({ TableName: ledger.table, Key: key(sheetId), ConsistentRead: true }));
  return r.Item?.cursor as Cursor | undefined;
}

/** Opens the subscription at its baseline unless it is open already (a repeated baseline step changes nothing). */
export async function openCursor(ledger: Ledger, cursor: Omit<Cursor, 'gen'>): Promise<void> {
  try {
    await ledger.db.send(
      new PutCommand({
        TableName: ledger.table,
        Item: { ...key(cursor.sheetId), cursor: { ...cursor, gen: 0 } },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  } catch (e) {
    if (!(e instanceof ConditionalCheckFailedException)) throw e;
  }
}

/** Moves the cursor from generation `from` to the next snapshot; false when it had moved already. */
export async function moveCursor(ledger: Ledger, sheetId: string, from: number, snapshotId: string): Promise<boolean> {
  try {
    await ledger.db.send(
      new UpdateCommand({
        TableName: ledger.table,
        Key: key(sheetId),
        UpdateExpression: 'SET #c.snapshotId = :s, #c.gen = :next',
        ConditionExpression: '#c.gen = :from',
        ExpressionAttributeNames: { '#c': 'cursor' },
        ExpressionAttributeValues: { ':s': snapshotId, ':from': from, ':next': from + 1 },
      }),
    );
    return true;
  } catch (e) {
    if (e instanceof ConditionalCheckFailedException) return false;
    throw e;
  }
}

/** The ledger step that delivers the changes of one generation. */
export const generationStep = (sheetId: string, gen: number) => ({ pk: `SUB#${sheetId}`, sk: `GEN#${gen}` });
