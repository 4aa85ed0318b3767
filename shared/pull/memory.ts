import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Ledger } from '../ledger/index.js';
import { doOnce } from '../run/step.js';

/** Longer than cron-feed's timeout (300 s): an object is never copied by two pulls, and a pull that died frees it. */
const COPY_LEASE_SECONDS = 900;

/**
 * What a feed's pulls already did (objects copied, validators seen, the backfill cutoff), kept in the ledger under
 * PULL#<feed>.
 */
export class PullMemory {
  constructor(
    private readonly ledger: Ledger,
    private readonly feed: string,
  ) {}

  private key(id: string) {
    return { pk: `PULL#${this.feed}`, sk: id };
  }

  get<T>(id: string): Promise<T | undefined> {
    return this.ledger.getValue<T>(`PULL#${this.feed}`, id);
  }

  set<T>(id: string, value: T): Promise<void> {
    return this.ledger.setValue(`PULL#${this.feed}`, id, value);
  }

  /**
   * The value kept under `id`, writing `value` first if none is (one conditional write): overlapping callers all get
   * the first writer's value.
   */
  async keep<T>(id: string, value: T): Promise<T> {
    const { db, table } = this.ledger;
    try {
      await db.send(new PutCommand({ TableName: table, Item: { ...this.key(id), value }, ConditionExpression: 'attribute_not_exists(pk)' }));
      return value;
    } catch (e) {
      if (!(e instanceof ConditionalCheckFailedException)) throw e;
      const r = await db.send(new GetCommand({ TableName: table, Key: this.key(id), ConsistentRead: true }));
      return r.Item?.value as T;
    }
  }

  /**
   * Copies one source object once across every pull of the feed: the ledger step is taken (a conditional write)
   * before anything is read from the source, so overlapping pulls copy it once — the others count it as skipped.
   * A copy that fails gives the object back for the next pull. `keepDays` bounds how long it is remembered (absent:
   * for good). An object remembered by an earlier version (a plain value, no step state) counts as taken too.
   */
  async copyOnce(id: string, copy: () => Promise<string>, keepDays?: number): Promise<{ copied: string } | { skipped: true }> {
    const step = await doOnce(this.ledger, this.key(id), copy, { leaseSeconds: COPY_LEASE_SECONDS, ...(keepDays === undefined ? {} : { keepDays }) });
    return step.ran ? { copied: step.value } : { skipped: true };
  }
}
