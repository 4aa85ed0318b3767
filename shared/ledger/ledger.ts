import { createHash } from 'node:crypto';
import { GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { isStage } from '../run/states.js';
import type { ObjectIdentity, Run, RunCounts, RunState, Stage } from './types.js';

const DAY = 86_400;

/**
 * Flatfile ids a run is found by: each has a link item pointing at its run (never a scan of a feed's runs). `upload`
 * is `<spaceId>/<file name>` of an upload ingress is making: its file id is known only once the upload is complete,
 * and `file:created` comes when it begins (uploadKey).
 */
export type LinkKind = 'file' | 'workbook' | 'sheet' | 'job' | 'upload';

/** The `upload` link of a file name in a Space. */
export const uploadKey = (spaceId: string, name: string): string => `${spaceId}/${name}`;

/** Attributes of a run any stage may set; the state itself moves only through shared/run/transition.ts. */
export type RunChanges = Partial<Omit<Run, 'runId' | 'createdAt' | 'updatedAt' | 'counts' | 'state'>> & { counts?: RunCounts };

/**
 * The run ledger in one DynamoDB table (pk/sk; GSI byFeed on feed+createdAt, sparse GSI byStage on
 * activeStage+progressAt for the watchdog). It is the pipeline's memory: what each run did, which Flatfile ids belong
 * to which run, the steps done once (shared/run/step.ts), where the event cursor stands.
 */
export class Ledger {
  constructor(
    readonly db: DynamoDBDocumentClient,
    readonly table: string,
    readonly now: () => Date = () => new Date(),
  ) {}

  /** Deterministic run id of an object (and archive member): replays and re-drops find the same run. */
  static runIdOf(id: ObjectIdentity): string {
    const h = createHash('sha256').update(`${id.bucket}\0${id.key}\0${id.etag}\0${id.member ?? ''}`).digest('hex');
    return `run_${h.slice(0, 20)}`;
  }

  /** Creates a run record in its first state unless it exists; false (and nothing written) when it does. */
  async createRun(run: Omit<Run, 'createdAt' | 'updatedAt' | 'counts' | 'stages' | 'activeStage' | 'progressAt'> & { counts?: RunCounts }): Promise<boolean> {
    const at = this.now().toISOString();
    const stage = activeStageOf(run.state);
    const item: Run = {
      counts: {},
      ...run,
      ...(stage ? { activeStage: stage, stages: { [stage]: { startedAt: at } } } : {}),
      progressAt: at,
      createdAt: at,
      updatedAt: at,
    };
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: { pk: `RUN#${run.runId}`, sk: 'RUN', ...item },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException) return false;
      throw e;
    }
  }

  async getRun(runId: string): Promise<Run | undefined> {
    const r = await this.db.send(new GetCommand({ TableName: this.table, Key: { pk: `RUN#${runId}`, sk: 'RUN' }, ConsistentRead: true }));
    return r.Item ? stripKeys<Run>(r.Item) : undefined;
  }

  /**
   * Sets attributes of a run (counts merged field by field). With `ifState`, only while the run is in one of those
   * states (false when it is not: a late message about a run that moved on). `remove` drops attributes.
   */
  /**
   * `ifState`: only while the run is in one of these states (false otherwise). `ifProgressNotAfter`: only if the
   * stored progress was stamped at or before this instant, so two reports in flight land in the order they were made.
   */
  async updateRun(
    runId: string,
    changes: RunChanges & { state?: RunState },
    options: { ifState?: readonly RunState[]; ifProgressNotAfter?: string; remove?: string[] } = {},
  ): Promise<boolean> {
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
    const removes = (options.remove ?? []).map((k) => ((names[`#r_${k}`] = k), `#r_${k}`));
    let condition = 'attribute_exists(pk)';
    if (options.ifState) {
      names['#state'] = 'state';
      const keys = options.ifState.map((s, i) => ((values[`:if${i}`] = s), `:if${i}`));
      condition += ` AND #state IN (${keys.join(', ')})`;
    }
    if (options.ifProgressNotAfter !== undefined) {
      names['#progress'] = 'progress';
      names['#pat'] = 'at';
      values[':pat'] = options.ifProgressNotAfter;
      condition += ' AND (attribute_not_exists(#progress) OR #progress.#pat <= :pat)';
    }
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk: `RUN#${runId}`, sk: 'RUN' },
          UpdateExpression: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
          ConditionExpression: condition,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      );
      return true;
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException && (options.ifState || options.ifProgressNotAfter !== undefined)) return false;
      throw e;
    }
  }

  /** Runs of a feed, newest first, optionally since an ISO time (for people: `flatfeed runs`, the demo, cadence). */
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

  /** Runs in a stage that have not moved since `before` (ISO), oldest first: the watchdog's query. */
  async runsIdleIn(stage: Stage, before: string, limit = 100): Promise<Run[]> {
    const r = await this.db.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: 'byStage',
        KeyConditionExpression: 'activeStage = :s AND progressAt < :before',
        ExpressionAttributeValues: { ':s': stage, ':before': before },
        Limit: limit,
      }),
    );
    return (r.Items ?? []).map((i) => stripKeys<Run>(i));
  }

  /** Points a Flatfile id (file, workbook, sheet, job) at its run, so events find the run they belong to. */
  async link(kind: LinkKind, id: string, runId: string): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.table,
        Item: { pk: `${kind.toUpperCase()}#${id}`, sk: 'LINK', runId, expiresAt: this.ttl(90) },
      }),
    );
  }

  async runIdFor(kind: LinkKind, id: string): Promise<string | undefined> {
    const r = await this.db.send(new GetCommand({ TableName: this.table, Key: { pk: `${kind.toUpperCase()}#${id}`, sk: 'LINK' } }));
    return r.Item?.runId as string | undefined;
  }

  async getValue<T>(pk: string, sk: string): Promise<T | undefined> {
    const r = await this.db.send(new GetCommand({ TableName: this.table, Key: { pk, sk }, ConsistentRead: true }));
    return r.Item?.value as T | undefined;
  }

  async setValue<T>(pk: string, sk: string, value: T): Promise<void> {
    await this.db.send(new PutCommand({ TableName: this.table, Item: { pk, sk, value } }));
  }

  /**
   * Moves a stored string forward to `to` and never back (one conditional write; an overlapping writer that got
   * further first wins). Returns whether it moved.
   */
  async advanceValue(pk: string, sk: string, to: string): Promise<boolean> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk, sk },
          UpdateExpression: 'SET #v = :to',
          ConditionExpression: 'attribute_not_exists(#v) OR #v < :to',
          ExpressionAttributeNames: { '#v': 'value' },
          ExpressionAttributeValues: { ':to': to },
        }),
      );
      return true;
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException) return false;
      throw e;
    }
  }

  private ttl(days: number): number {
    return Math.floor(this.now().getTime() / 1000) + days * DAY;
  }
}

/** The stage a state is (the index key), or undefined for a terminal state. */
export function activeStageOf(state: RunState): Stage | undefined {
  return isStage(state) ? state : undefined;
}

function stripKeys<T>(item: Record<string, unknown>): T {
  const { pk: _pk, sk: _sk, ...rest } = item;
  return rest as T;
}
