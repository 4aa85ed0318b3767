import { randomUUID } from 'node:crypto';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { enqueueEvents } from '../events/enqueue.js';
import type { Ledger, Run, RunAttempt } from '../ledger/index.js';
import { reopenRun, REPLAY_FROM, type ReplayFrom } from '../run/reopen.js';
import { sendObjectAgain } from './redrive-run.js';

export { REPLAY_FROM, type ReplayFrom };

export interface ReplayDeps {
  ledger: Ledger;
  sqs: SQSClient;
  queues: { ingress: string; events: string };
}

export interface Replayed {
  run: Run;
  previous: RunAttempt;
  /** What was sent to start the new attempt. */
  sent: string;
}

/**
 * `flatfeed replay`: reopens an ended run as a new attempt (shared/run/reopen.ts) and sends it on through the path
 * the pipeline itself uses, so every once-step and state check applies as on the first attempt:
 *  - from `received`: the object's S3 notification to ingress (the same drop, so it is no "dropped again");
 *  - from `egressing`: a `commit:completed` event of the run's sheet, under a new id, to the listener, which starts
 *    egress once no commit of the sheet is pending (it asks Flatfile) — a new egress job.
 */
export async function replayRun(deps: ReplayDeps, runId: string, from: ReplayFrom): Promise<Replayed> {
  const { run, previous } = await reopenRun(deps.ledger, runId, from);
  if (from === 'received') {
    await sendObjectAgain(deps.sqs, deps.queues.ingress, run);
    return { run, previous, sent: `s3://${run.bucket}/${run.key} to ingress` };
  }
  const event = {
    id: `replay-${runId}-${run.attempt}-${randomUUID()}`,
    topic: 'commit:completed',
    domain: 'workbook',
    createdAt: new Date().toISOString(),
    context: { spaceId: run.spaceId, workbookId: run.workbookId, sheetId: run.sheetId },
    payload: {},
  };
  await enqueueEvents(deps.sqs, deps.queues.events, [event]);
  return { run, previous, sent: `commit:completed of sheet ${run.sheetId} to the listener` };
}
