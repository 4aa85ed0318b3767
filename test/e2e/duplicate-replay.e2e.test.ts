import { readFileSync } from 'node:fs';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { DeleteMessageBatchCommand, GetQueueAttributesCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Run } from '../../shared/ledger/index.js';
import type { RunNotice } from '../../shared/notify/outbound.js';
import { duplicateDelivery } from '../support/duplicate-delivery.js';
import { startTestPipeline, type TestPipeline } from '../support/pipeline.js';
import { waitFor } from '../support/wait.js';

// The duplicate-replay harness (issue #12): each sample file goes through the whole pipeline once as SQS usually
// delivers, and once with every SQS message delivered twice (some concurrently) and every Flatfile event delivered
// again, half of them under a new id, out of order (test/support/duplicate-delivery.ts). The second pass must leave
// exactly what the first left: the same outbox and rejects bytes, the same notice, the same ledger run (state, reason,
// counts, stages, steps), the same Flatfile jobs and records. Timestamps and ids are left out of the comparison.

const ENDED = ['done', 'rejected', 'needs-review', 'mismatch', 'unrouted', 'expanded', 'failed', 'stalled'] as Run['state'][];
const QUEUES = ['ingress', 'events', 'work', 'egress'] as const;

const delivery = duplicateDelivery();
let p: TestPipeline;
beforeAll(async () => {
  p = await startTestPipeline(['ingress', 'eventsPoller', 'listener', 'worker', 'egress'], { deliverThrough: delivery.deliverThrough });
  delivery.attach(p.local.clients.sqs, p.local.queueUrls.events);
}, 120_000);
afterAll(async () => {
  await p?.stop();
});

/** Every notice sent so far (taken off the outbound queue: nothing else reads it here). */
const notices: RunNotice[] = [];
async function takeNotices(): Promise<void> {
  const url = p.local.queueUrls.outbound;
  for (;;) {
    const r = await p.local.clients.sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
    if (!r.Messages?.length) return;
    notices.push(...r.Messages.map((m) => JSON.parse(m.Body!) as RunNotice));
    await p.local.clients.sqs.send(new DeleteMessageBatchCommand({ QueueUrl: url, Entries: r.Messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })) }));
  }
}

/** No message waiting or in flight on any queue the pipeline consumes, twice in a row, with no copy held back. */
async function settled(): Promise<void> {
  let quiet = 0;
  await waitFor(
    'every queue to drain',
    async () => {
      await delivery.flush();
      for (const q of QUEUES) {
        const a = await p.local.clients.sqs.send(
          new GetQueueAttributesCommand({ QueueUrl: p.local.queueUrls[q], AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
        );
        if (a.Attributes?.ApproximateNumberOfMessages !== '0' || a.Attributes?.ApproximateNumberOfMessagesNotVisible !== '0') {
          quiet = 0;
          return undefined;
        }
      }
      // The events poller may still be carrying the last events over: quiet for a few rounds.
      return ++quiet >= 20 ? true : undefined;
    },
    120_000,
  );
}

/** What a run left behind, with its own ids and times taken out. */
async function outcome(run: Run) {
  const hide = (text: string) => text.replaceAll(run.runId, '<run>').replaceAll(run.key, '<key>');
  const objects: Record<string, string> = {};
  for (const url of run.outputs ?? []) {
    const [, bucket, key] = /^s3:\/\/([^/]+)\/(.+)$/.exec(url)!;
    const body = await p.local.clients.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    // Byte for byte, but for the Flatfile record ids (`_id`): each run's records are its own.
    objects[hide(url)] = (await body.Body!.transformToString()).replace(/\bus_rc_[A-Za-z0-9]+/g, '<record>');
  }
  const steps = await p.ledger.db.send(
    new QueryCommand({ TableName: p.ledger.table, KeyConditionExpression: 'pk = :pk AND begins_with(sk, :s)', ExpressionAttributeValues: { ':pk': `RUN#${run.runId}`, ':s': 'STEP#' } }),
  );
  const { data: file } = await p.api.files.get(run.fileId!);
  const sources = new Set([run.fileId, file.workbookId, run.workbookId]);
  const { data: jobs } = await p.api.jobs.list({ spaceId: run.spaceId!, pageSize: 1000 });
  const mine = jobs.filter((j) => sources.has(String(j.source)));
  const { data: records } = await p.api.sheets.getRecordCounts(run.sheetId!);
  return {
    run: {
      state: run.state,
      reason: run.reason && hide(run.reason),
      counts: run.counts,
      stages: Object.keys(run.stages ?? {}).sort(),
      warnings: run.warnings,
      rejectReasons: run.rejectReasons,
      missingFields: run.missingFields,
      outputs: (run.outputs ?? []).map(hide),
      steps: (steps.Items ?? []).map((i) => `${String(i.sk)} ${String(i.state)}`).sort(),
    },
    objects,
    notices: notices.filter((n) => n.runId === run.runId).map(({ at: _at, ...n }) => JSON.parse(hide(JSON.stringify(n))) as unknown),
    jobs: mine.map((j) => `${j.type}:${j.operation} ${j.status}`).sort(),
    records: records.counts,
  };
}

async function pass(key: string, body: Buffer, twice: boolean) {
  delivery.on = twice;
  try {
    await p.drop(key, body);
    // Generous: every delivery twice, on a machine shared with other test runs.
    await waitFor(`the run of ${key} to end`, () => p.runOf(key, ENDED).catch(() => undefined), 240_000);
    await settled();
  } finally {
    delivery.on = false;
  }
  await takeNotices();
  return outcome(await p.runOf(key, ENDED));
}

describe('every message delivered twice, every event again (half under new ids, out of order)', () => {
  const cases = [
    { name: 'a CSV (the platform extracts it)', file: 'acme-contacts-2026-11-16.csv' },
    { name: 'an Excel file (our worker extracts it)', file: 'acme-contacts-2026-11-23.xlsx' },
  ];

  it.each(cases)('$name ends exactly as it does when delivered once', async ({ file }) => {
    const bytes = readFileSync(new URL(`../../samples/contacts/${file}`, import.meta.url));
    const clean = await pass(`acme/contacts/replay/once/${file}`, bytes, false);
    expect(clean.run.state).toBe('done');
    expect(clean.notices).toHaveLength(1);
    expect(Object.keys(clean.objects).length).toBe(3);

    const before = { ...delivery.tally };
    const replayed = await pass(`acme/contacts/replay/twice/${file}`, bytes, true);
    // The duplication really happened, on every path: batches twice (some concurrently), events again by both ids.
    expect(delivery.tally.batchesTwice - before.batchesTwice).toBeGreaterThan(10);
    expect(delivery.tally.concurrent - before.concurrent).toBeGreaterThan(1);
    expect(delivery.tally.eventsSameId - before.eventsSameId).toBeGreaterThan(3);
    expect(delivery.tally.eventsNewId - before.eventsNewId).toBeGreaterThan(3);

    expect(replayed.run).toEqual(clean.run);
    expect(replayed.objects).toEqual(clean.objects);
    expect(replayed.notices).toEqual(clean.notices);
    expect(replayed.jobs).toEqual(clean.jobs);
    expect(replayed.records).toEqual(clean.records);
    expect(await p.peek('events', true)).toEqual([]);
    expect(await p.peek('work', true)).toEqual([]);
    expect(await p.peek('egress', true)).toEqual([]);
  }, 300_000);
});
