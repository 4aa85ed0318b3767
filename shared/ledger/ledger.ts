import { createHash, randomUUID } from 'node:crypto';
import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { ObjectIdentity, Run, RunCounts, RunState } from './types.js';

const DAY = 86_400;

export type ClaimResult = { claimed: true; runId: string; owner: string } | { claimed: false; runId: string; state: string };

/** A generic keyed lease: taken, or held by someone else ('processing'), or finished for good ('done'). */
/** Refused leases report what holds the key: `processing` (a live lease) or the outcome it was completed with. */
export type LeaseResult = { acquired: true } | { acquired: false; state: string };

/**
 * The run ledger in one DynamoDB table (pk/sk, GSI byFeed on feed+createdAt). It is the pipeline's memory: which
 * objects were claimed, what each run did, which events were seen, where the event cursor stands. Every write that
 * decides ownership is conditional, so repeats of at-least-once deliveries are harmless.
 */
export class Ledger {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Deterministic run id of an object (and archive member): replays find the same run. */
  static runIdOf(id: ObjectIdentity): string {
    const h = createHash('sha256').update(`${id.bucket}\0${id.key}\0${id.etag}\0${id.member ?? ''}`).digest('hex');
    return `run_${h.slice(0, 20)}`;
  }

  /**
   * Claims an object for processing: a lease on its run id (see acquireLease). A second claim of the same object is
   * refused while the first holds the lease or after it finished; a lease that ran out (the claimer died) is taken
   * over. Claims are kept for good, so a later drop of the identical object is still recognised.
   */
  async claim(id: ObjectIdentity, leaseSeconds: number): Promise<ClaimResult> {
    const runId = Ledger.runIdOf(id);
    const owner = randomUUID();
    const lease = await this.acquireLease(`CLAIM#${runId}`, 'CLAIM', owner, leaseSeconds, null);
    return lease.acquired ? { claimed: true, runId, owner } : { claimed: false, runId, state: lease.state };
  }

  /** Ends a claim with the run's outcome, so it is never taken over again. */
  async releaseClaim(runId: string, owner: string, outcome: 'done' | 'rejected'): Promise<void> {
    await this.completeLease(`CLAIM#${runId}`, 'CLAIM', owner, outcome);
  }

  /** Gives up a claim after a retryable failure, so the redelivered message can take it at once. */
  async abandonClaim(runId: string, owner: string): Promise<void> {
    await this.releaseLease(`CLAIM#${runId}`, 'CLAIM', owner);
  }

  /** Creates or overwrites a run record (a replay after a crash rewrites the same run). */
  async putRun(run: Omit<Run, 'createdAt' | 'updatedAt' | 'counts'> & { counts?: RunCounts }): Promise<Run> {
    const at = this.now().toISOString();
    const item: Run = { counts: {}, ...run, createdAt: at, updatedAt: at };
    await this.db.send(new PutCommand({ TableName: this.table, Item: { pk: `RUN#${run.runId}`, sk: 'RUN', ...item } }));
    return item;
  }

  async getRun(runId: string): Promise<Run | undefined> {
    const r = await this.db.send(new GetCommand({ TableName: this.table, Key: { pk: `RUN#${runId}`, sk: 'RUN' } }));
    return r.Item ? stripKeys<Run>(r.Item) : undefined;
  }

  /** Updates a run's state and any other attributes; counts are merged field by field. */
  async updateRun(
    runId: string,
    changes: Partial<Omit<Run, 'runId' | 'createdAt' | 'updatedAt' | 'counts'>> & { state?: RunState; counts?: RunCounts },
  ): Promise<void> {
    const names: Record<string, string> = { '#updatedAt': 'updatedAt' };
    const values: Record<string, unknown> = { ':updatedAt': this.now().toISOString() };
    const sets = ['#updatedAt = :updatedAt'];
    const { counts, ...rest } = changes;
    for (const [k, v] of Object.entries(rest)) {
      if (v === undefined) continue;
      names[`#${k}`] = k;
      values[`:${k}`] = v;
      sets.push(`#${k} = :${k}`);
    }
    for (const [k, v] of Object.entries(counts ?? {})) {
      if (v === undefined) continue;
      names['#counts'] = 'counts';
      names[`#c_${k}`] = k;
      values[`:c_${k}`] = v;
      sets.push(`#counts.#c_${k} = :c_${k}`);
    }
    await this.db.send(
      new UpdateCommand({
        TableName: this.table,
        Key: { pk: `RUN#${runId}`, sk: 'RUN' },
        UpdateExpression: `SET ${sets.join(', ')}`,
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      }),
    );
  }

  /**
   * Lets exactly one caller take a once-per-run step (e.g. starting egress). A caller that dies after claiming
   * leaves the step claimed: the run then stays visibly unfinished in the ledger rather than running twice.
   */
  async claimRunStep(runId: string, step: string): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: { pk: `RUN#${runId}`, sk: `STEP#${step}`, at: this.now().toISOString() },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException) return false;
      throw e;
    }
  }

  /** Runs of a feed, newest first, optionally since an ISO time. */
  async listRuns(feed: string, since?: string, limit = 100): Promise<Run[]> {
    const r = await this.db.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: 'byFeed',
        KeyConditionExpression: since ? 'feed = :f AND createdAt >= :since' : 'feed = :f',
        ExpressionAttributeValues: since ? { ':f': feed, ':since': since } : { ':f': feed },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return (r.Items ?? []).filter((i) => i.sk === 'RUN').map((i) => stripKeys<Run>(i));
  }

  /** Points a Flatfile id (file, workbook, job) at its run, so events can find the run they belong to. */
  async link(kind: 'file' | 'workbook' | 'job', id: string, runId: string): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.table,
        Item: { pk: `${kind.toUpperCase()}#${id}`, sk: 'LINK', runId, expiresAt: this.ttl(90) },
      }),
    );
  }

  async runIdFor(kind: 'file' | 'workbook' | 'job', id: string): Promise<string | undefined> {
    const r = await this.db.send(new GetCommand({ TableName: this.table, Key: { pk: `${kind.toUpperCase()}#${id}`, sk: 'LINK' } }));
    return r.Item?.runId as string | undefined;
  }

  async getValue<T>(pk: string, sk: string): Promise<T | undefined> {
    const r = await this.db.send(new GetCommand({ TableName: this.table, Key: { pk, sk } }));
    return r.Item?.value as T | undefined;
  }

  async setValue<T>(pk: string, sk: string, value: T): Promise<void> {
    await this.db.send(new PutCommand({ TableName: this.table, Item: { pk, sk, value } }));
  }

  /**
   * Stores a small value only if the stored one is still `expected` (absent when undefined): optimistic concurrency
   * for cursors and one-time registrations. False when someone else changed it first.
   */
  async replaceValue<T>(pk: string, sk: string, value: T, expected: T | undefined): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: { pk, sk, value },
          ...(expected === undefined
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : {
                ConditionExpression: '#v = :expected',
                ExpressionAttributeNames: { '#v': 'value' },
                ExpressionAttributeValues: { ':expected': expected },
              }),
        }),
      );
      return true;
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException) return false;
      throw e;
    }
  }

  /**
   * Takes a lease on any key (e.g. "process event X once"), identified by `owner`. Refused while another owner's
   * lease runs or after the key is done; an expired lease (its owner died) can be taken over. Kept `keepDays`.
   */
  async acquireLease(pk: string, sk: string, owner: string, leaseSeconds: number, keepDays: number | null = 7): Promise<LeaseResult> {
    const now = this.now().getTime();
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: {
            pk,
            sk,
            state: 'processing',
            owner,
            leaseUntil: now + leaseSeconds * 1000,
            ...(keepDays === null ? {} : { expiresAt: this.ttl(keepDays) }),
          },
          ConditionExpression: 'attribute_not_exists(pk) OR (#s = :processing AND leaseUntil < :now)',
          ExpressionAttributeNames: { '#s': 'state' },
          ExpressionAttributeValues: { ':processing': 'processing', ':now': now },
        }),
      );
      return { acquired: true };
    } catch (e) {
      if (!(e instanceof ConditionalCheckFailedException)) throw e;
      const existing = await this.db.send(new GetCommand({ TableName: this.table, Key: { pk, sk }, ConsistentRead: true }));
      return { acquired: false, state: String(existing.Item?.state ?? 'processing') };
    }
  }

  /** Marks a lease's key finished for good; false when the lease had expired and another owner took it over. */
  async completeLease(pk: string, sk: string, owner: string, outcome = 'done'): Promise<boolean> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk, sk },
          UpdateExpression: 'SET #s = :done, doneAt = :at REMOVE leaseUntil',
          ConditionExpression: '#o = :owner',
          ExpressionAttributeNames: { '#s': 'state', '#o': 'owner' },
          ExpressionAttributeValues: { ':done': outcome, ':at': this.now().toISOString(), ':owner': owner },
        }),
      );
      return true;
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException) return false;
      throw e;
    }
  }

  /** Gives a lease back after a failure so a retry can take it at once; a no-op when it is no longer ours. */
  async releaseLease(pk: string, sk: string, owner: string): Promise<void> {
    await this.db
      .send(
        new DeleteCommand({
          TableName: this.table,
          Key: { pk, sk },
          ConditionExpression: '#s = :processing AND #o = :owner',
          ExpressionAttributeNames: { '#s': 'state', '#o': 'owner' },
          ExpressionAttributeValues: { ':processing': 'processing', ':owner': owner },
        }),
      )
      .catch((e: unknown) => {
        if (!(e instanceof ConditionalCheckFailedException)) throw e;
      });
  }


  private ttl(days: number): number {
    return Math.floor(this.now().getTime() / 1000) + days * DAY;
  }
}

function stripKeys<T>(item: Record<string, unknown>): T {
  const { pk: _pk, sk: _sk, ...rest } = item;
  return rest as T;
}
