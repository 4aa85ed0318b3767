import { randomUUID } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Ledger } from '../ledger/index.js';

// The one "do this step once" primitive of the pipeline (claiming a dropped object, handling a Flatfile event once,
// creating a run's workbook, its extraction, mapping and egress jobs, a feed's Space). A step is an item in the ledger:
//   held  — a live lease: someone is doing it now. It expires `leaseSeconds` after it was taken, so a holder that
//           died (Lambda timeout, kill -9) never blocks the step for good: the next attempt takes it over.
//   done  — finished for good, with the step's result (e.g. the job id it created), returned to every later caller.
// A step that throws gives its lease back at once, so the retry (SQS redelivery) runs it again without waiting.

export interface StepKey {
  pk: string;
  sk: string;
}

export type StepOutcome<T> =
  | { ran: true; value: T }
  /** Finished before (by this caller's earlier delivery or another): its stored result. */
  | { ran: false; state: 'done'; value: T }
  /** Another caller holds a live lease on it; its failure is retried there. */
  | { ran: false; state: 'held' };

export interface StepOptions {
  /** At least the longest the step can take (a live holder is never taken over). */
  leaseSeconds: number;
  /** How long a finished step is remembered; absent: for good (until the run's item expires). */
  keepDays?: number;
}

/** The step key of a run's named step: kept beside the run, so a replay can clear the run's steps. */
export const runStep = (runId: string, step: string): StepKey => ({ pk: `RUN#${runId}`, sk: `STEP#${step}` });

/**
 * Runs `fn` at most once to completion for `key`. Concurrent callers: exactly one runs, the others get `held`.
 * After completion every caller gets `done` with the stored value. If `fn` throws, the lease is released and the
 * error rethrown.
 */
export async function doOnce<T>(ledger: Ledger, key: StepKey, fn: () => Promise<T>, options: StepOptions): Promise<StepOutcome<T>> {
  const owner = randomUUID();
  const taken = await take(ledger, key, owner, options);
  if (taken !== true) return taken as StepOutcome<T>;
  let value: T;
  try {
    value = await fn();
  } catch (e) {
    // If even the release fails, the lease simply runs out; the step's error is the one worth reporting.
    await release(ledger, key, owner).catch(() => undefined);
    throw e;
  }
  await complete(ledger, key, owner, value, options.keepDays);
  return { ran: true, value };
}

/** The stored state of a step, if any (for `flatfeed run`, the watchdog and tests). */
export async function stepState(ledger: Ledger, key: StepKey): Promise<{ state: 'held' | 'done'; value?: unknown; leaseUntil?: number } | undefined> {
  const r = await ledger.db.send(new GetCommand({ TableName: ledger.table, Key: key, ConsistentRead: true }));
  if (!r.Item) return undefined;
  return { state: r.Item.state as 'held' | 'done', value: r.Item.value, ...(r.Item.leaseUntil ? { leaseUntil: r.Item.leaseUntil as number } : {}) };
}

/** Forgets a step (finished or not), so it runs again: only `flatfeed replay` does this. */
export async function forgetStep(ledger: Ledger, key: StepKey): Promise<void> {
  await ledger.db.send(new DeleteCommand({ TableName: ledger.table, Key: key }));
}

async function take(ledger: Ledger, key: StepKey, owner: string, options: StepOptions): Promise<true | StepOutcome<never>> {
  const now = ledger.now().getTime();
  try {
    await ledger.db.send(
      new PutCommand({
        TableName: ledger.table,
        Item: { ...key, state: 'held', owner, leaseUntil: now + options.leaseSeconds * 1000, takenAt: new Date(now).toISOString() },
        ConditionExpression: 'attribute_not_exists(pk) OR (#s = :held AND leaseUntil < :now)',
        ExpressionAttributeNames: { '#s': 'state' },
        ExpressionAttributeValues: { ':held': 'held', ':now': now },
      }),
    );
    return true;
  } catch (e) {
    if (!(e instanceof ConditionalCheckFailedException)) throw e;
    const existing = await stepState(ledger, key);
    // Gone between our write and read: released by a failing holder. Whoever retries next takes it.
    if (existing?.state === 'done') return { ran: false, state: 'done', value: existing.value as never };
    return { ran: false, state: 'held' };
  }
}

async function complete(ledger: Ledger, key: StepKey, owner: string, value: unknown, keepDays: number | undefined): Promise<void> {
  const at = ledger.now();
  try {
    await ledger.db.send(
      new UpdateCommand({
        TableName: ledger.table,
        Key: key,
        UpdateExpression: `SET #s = :done, doneAt = :at, #v = :v${keepDays === undefined ? '' : ', expiresAt = :exp'} REMOVE leaseUntil`,
        ConditionExpression: '#o = :owner',
        ExpressionAttributeNames: { '#s': 'state', '#o': 'owner', '#v': 'value' },
        ExpressionAttributeValues: {
          ':done': 'done',
          ':at': at.toISOString(),
          ':v': value ?? null,
          ':owner': owner,
          ...(keepDays === undefined ? {} : { ':exp': Math.floor(at.getTime() / 1000) + keepDays * 86_400 }),
        },
      }),
    );
  } catch (e) {
    // Our lease ran out and another caller took the step over: it will complete it. Nothing of ours to record.
    if (!(e instanceof ConditionalCheckFailedException)) throw e;
  }
}

async function release(ledger: Ledger, key: StepKey, owner: string): Promise<void> {
  try {
    await ledger.db.send(
      new DeleteCommand({
        TableName: ledger.table,
        Key: key,
        ConditionExpression: '#s = :held AND #o = :owner',
        ExpressionAttributeNames: { '#s': 'state', '#o': 'owner' },
        ExpressionAttributeValues: { ':held': 'held', ':owner': owner },
      }),
    );
  } catch (e) {
    if (!(e instanceof ConditionalCheckFailedException)) throw e;
  }
}
