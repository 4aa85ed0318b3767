import type { SQSClient } from '@aws-sdk/client-sqs';
import { encodeS3EventKey } from '../aws/s3-event-key.js';
import { sendJson } from '../aws/sqs.js';
import { enqueueEvents } from '../events/enqueue.js';
import type { FlatfileApi } from '../flatfile/client.js';
import type { Ledger, Run } from '../ledger/index.js';
import { runStep, stepState } from '../run/step.js';
import { runEvents } from './run-events.js';

export interface RedriveDeps {
  ledger: Ledger;
  sqs: SQSClient;
  api: Pick<FlatfileApi, 'events'>;
  environmentId: string;
  queues: { ingress: string; events: string };
}

/** What a re-drive sent, for the log and the test. */
export type Redrive = { via: 'ingress'; key: string } | { via: 'events'; events: number };

/** The steps whose stored result is the id of a job the run created (step values: shared/listener). */
const JOB_STEPS = ['extract-job', 'map-job', 'egress-job'] as const;

/**
 * Sends a stalled run's work again through the path it came by, where every step is done once and every route
 * checks the run's state first, so a re-drive of a run that was only slow changes nothing:
 *  - `received`: the object's S3 notification again (same drop), so ingress takes over the dead holder's upload step;
 *  - later stages: the run's Flatfile events again, oldest first, under new ids (`<id>:redrive:<tag>`), so the
 *    listener's once-per-event guard lets them through and each route does what the run still waits for — a lost
 *    work or egress message is sent again from its job's `job:ready`, a lost `job:completed` moves the run on.
 */
export async function redriveRun(deps: RedriveDeps, run: Run, tag: string): Promise<Redrive> {
  if (run.state === 'received') {
    await sendObjectAgain(deps.sqs, deps.queues.ingress, run);
    return { via: 'ingress', key: run.key };
  }
  const jobIds: string[] = [];
  for (const step of JOB_STEPS) {
    const state = await stepState(deps.ledger, runStep(run.runId, step));
    if (typeof state?.value === 'string') jobIds.push(state.value);
  }
  const events = await runEvents(deps.api, deps.environmentId, run, jobIds);
  await enqueueEvents(
    deps.sqs,
    deps.queues.events,
    events.map((e) => ({ ...e, id: `${e.id}:redrive:${tag}` })),
  );
  return { via: 'events', events: events.length };
}

/** The run's object to ingress again: its ObjectCreated record with the same drop id, so ingress sees no new drop. */
export async function sendObjectAgain(sqs: SQSClient, ingressQueueUrl: string, run: Run): Promise<void> {
  await sendJson(sqs, ingressQueueUrl, s3Notification(run));
}

function s3Notification(run: Run) {
  return {
    Records: [
      {
        eventVersion: '2.1',
        eventSource: 'aws:s3',
        eventTime: new Date().toISOString(),
        eventName: 'ObjectCreated:Put',
        s3: {
          s3SchemaVersion: '1.0',
          configurationId: 'flatfeed-watchdog',
          bucket: { name: run.bucket, arn: `arn:aws:s3:::${run.bucket}` },
          object: {
            key: encodeS3EventKey(run.key),
            size: run.bytesIn ?? 0,
            eTag: run.etag,
            ...(run.versionId ? { versionId: run.versionId } : {}),
            ...(run.dropId ? { sequencer: run.dropId } : {}),
          },
        },
      },
    ],
  };
}
