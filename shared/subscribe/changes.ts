import type { SQSClient } from '@aws-sdk/client-sqs';
import type { FlatfileApi } from '../flatfile/client.js';
import type { Ledger } from '../ledger/index.js';
import type { Feed } from '../manifest/index.js';
import { doOnce } from '../run/index.js';
import type { Telemetry } from '../telemetry/index.js';
import { CHANGE_TYPES, toChangeEvent, type ChangeEvent } from './change-event.js';
import { generationStep, moveCursor, readCursor, type Cursor } from './cursor.js';
import { deliverOnce } from './deliver.js';
import { changesQueueUrl } from './queues.js';

export interface ChangesDeps {
  api: Pick<FlatfileApi, 'snapshots' | 'sheets'>;
  ledger: Ledger;
  sqs: SQSClient;
  telemetry: Telemetry;
  env?: NodeJS.ProcessEnv;
}

/** Diff records read per request. */
const PAGE = 1_000;
/** At least the longest one generation's delivery takes; a dead holder frees it after this. */
const LEASE_SECONDS = 120;

/** Another worker is delivering this sheet's changes now: SQS redelivers the message later. */
export class ChangesBusy extends Error {}

/** A commit of the sheet is not complete (not yet validated), or one arrived while reading: its completion triggers again. */
class NotSettled extends Error {}

/** The sheet's commits as a stamp, or undefined while one is incomplete. */
async function settledStamp(api: ChangesDeps['api'], sheetId: string): Promise<string | undefined> {
  const { data } = await api.sheets.getSheetCommits(sheetId, {});
  if (data.some((c) => !c.completedAt)) return undefined;
  return `${data.length}:${data.map((c) => c.id).sort().at(-1) ?? ''}`;
}

/**
 * Delivers the changes a person made in a subscribed run's sheet since the last delivery. Called after each
 * completed commit of the sheet (so values are validated), as often as the events arrive: each call takes the
 * cursor's generation as a ledger step, takes the next snapshot, and sends every record that differs between the
 * two — created, updated (a watched field changed) or deleted — one event each, then moves the cursor. A generation
 * already delivered is skipped; a repeated trigger finds nothing new. Returns the events sent.
 */
export async function deliverChanges(deps: ChangesDeps, feed: Feed, sheetId: string): Promise<ChangeEvent[]> {
  const sent: ChangeEvent[] = [];
  // A generation someone else finished moves us on to the next; a handful is more than overlapping triggers make.
  for (let i = 0; i < 5; i++) {
    const cursor = await readCursor(deps.ledger, sheetId);
    if (!cursor) return sent;
    let step;
    try {
      step = await doOnce(deps.ledger, generationStep(sheetId, cursor.gen), () => deliverGeneration(deps, feed, cursor, sent), {
        leaseSeconds: LEASE_SECONDS,
        keepDays: 30,
      });
    } catch (e) {
      if (e instanceof NotSettled) return sent;
      throw e;
    }
    if (step.ran === false && step.state === 'held') throw new ChangesBusy(`changes of sheet ${sheetId} generation ${cursor.gen} are being delivered`);
    if (await moveCursor(deps.ledger, sheetId, cursor.gen, step.value)) {
      await deps.api.snapshots.deleteSnapshot(cursor.snapshotId).catch(() => undefined);
    }
    if (step.ran) return sent;
  }
  return sent;
}

/**
 * Only a settled sheet is read — every commit complete (validated) and none arriving while the changes are read — so
 * a person's raw input is never sent before validation has transformed it; otherwise nothing is sent and the
 * generation stays open for the completion that follows.
 */
async function deliverGeneration(deps: ChangesDeps, feed: Feed, cursor: Cursor, sent: ChangeEvent[]): Promise<string> {
  const before = await settledStamp(deps.api, cursor.sheetId);
  if (!before) throw new NotSettled();
  // The next snapshot first: whatever changes after it is read again from it next time (and deduplicated by version).
  const { data: next } = await deps.api.snapshots.createSnapshot({ sheetId: cursor.sheetId, label: `flatfeed changes ${cursor.runId} ${cursor.gen + 1}` });
  const events: ChangeEvent[] = [];
  for (const type of CHANGE_TYPES) {
    for (let page = 1; ; page++) {
      const { data } = await deps.api.snapshots.getSnapshotRecords(cursor.snapshotId, { changeType: type, pageSize: PAGE, pageNumber: page });
      for (const rec of data) {
        const event = toChangeEvent(rec, type, cursor, feed.subscribe?.watchFields);
        if (event) events.push(event);
      }
      if (data.length < PAGE) break;
    }
  }
  if ((await settledStamp(deps.api, cursor.sheetId)) !== before) {
    await deps.api.snapshots.deleteSnapshot(next.id).catch(() => undefined);
    throw new NotSettled();
  }
  const queueUrl = changesQueueUrl(feed, deps.env);
  for (const event of events) if (await deliverOnce(deps, queueUrl, event)) sent.push(event);
  deps.telemetry.logger.info('changes delivered', { feed: feed.name, sheetId: cursor.sheetId, gen: cursor.gen, sent: sent.length });
  return next.id;
}
