import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetQueueAttributesCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDevFile } from '../../cli/dev-file.js';
import { handler as ingressHandler } from '../../functions/ingress/handler.js';
import type { SqsHandler } from '../../local/sqs-trigger.js';
import type { Run } from '../../shared/ledger/index.js';
import type { RunNotice } from '../../shared/notify/outbound.js';
import { reopenRun, stepState } from '../../shared/run/index.js';
import { noticeReader } from '../support/notices.js';
import { startTestPipeline, type TestPipeline } from '../support/pipeline.js';
import { waitFor } from '../support/wait.js';
import { expectReconciled } from '../support/reconciled.js';

// `flatfeed redrive` and `flatfeed replay` against the local stack, run as a second shell runs them: the dev stack
// found through .flatfeed/dev.json in the working directory.

const CONTACTS = readFileSync(new URL('../../samples/contacts/acme-contacts-2026-11-16.csv', import.meta.url));
const ENDED = ['done', 'rejected', 'needs-review', 'mismatch', 'unrouted', 'expanded', 'failed', 'stalled'] as Run['state'][];
const REPO = process.cwd();
const TSX = join(REPO, 'node_modules/tsx/dist/cli.mjs');

let p: TestPipeline;
let dir: string;
/** While set, ingress fails every message (a fault outlasting SQS's retries: the messages end in the DLQ). */
let ingressBroken = false;
const breakableIngress: SqsHandler = async (event, context) => {
  if (ingressBroken) throw new Error('ingress is broken (test)');
  return ingressHandler(event, context);
};

/**
 * The CLI as a person's second shell runs it: its own process in a folder holding the dev stack's
 * .flatfeed/dev.json, without the variables this process has for the in-process functions (LEDGER_TABLE,
 * INBOX_BUCKET, <QUEUE>_QUEUE_URL would name AWS resources).
 */
async function flatfeed(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(LEDGER_TABLE|INBOX_BUCKET|OUTBOX_BUCKET|REJECTS_BUCKET|[A-Z]+_QUEUE_URL)$/.test(k)));
  return new Promise((resolve) => {
    execFile(process.execPath, [TSX, join(REPO, 'cli/main.ts'), ...args], { cwd: dir, env, encoding: 'utf8' }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? -1) : 0, out: stdout.trimEnd(), err: stderr.trimEnd() });
    });
  });
}

const notices = noticeReader();
/** Every notice of the run read so far, a drop of its file again included. */
const noticesOf = async (runId: string): Promise<RunNotice[]> => (await notices.all(p)).filter((n) => n.runId === runId);
const noticeCount = (runId: string, n: number) =>
  waitFor(`${n} notice(s) of ${runId}`, async () => ((await noticesOf(runId)).length >= n ? noticesOf(runId) : undefined));

async function visible(url: string): Promise<number> {
  const a = await p.local.clients.sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }));
  return Number(a.Attributes?.ApproximateNumberOfMessages ?? 0) + Number(a.Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0);
}


beforeAll(async () => {
  p = await startTestPipeline(['ingress', 'eventsPoller', 'listener', 'worker', 'egress'], { handlers: { ingress: breakableIngress } });
  dir = await mkdtemp(join(tmpdir(), 'flatfeed-replay-'));
  const { local } = p;
  await writeDevFile(
    {
    pid: process.pid,
    env: local.env,
    buckets: local.names.buckets,
    tables: { ledger: local.names.tables.ledger },
    queues: Object.fromEntries(Object.entries(local.queueUrls).map(([id, url]) => [id, { url, dlqUrl: local.dlqUrls[id as keyof typeof local.dlqUrls] }])),
    flatfile: { environmentId: p.flatfile.environmentId },
    },
    join(dir, '.flatfeed/dev.json'),
  );
}, 60_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await p?.stop();
});

const KEY = 'acme/contacts/redrive/contacts.csv';

describe('flatfeed redrive', () => {
  it('moves the messages a broken ingress parked in its DLQ back; once fixed, the run finishes done', async () => {
    ingressBroken = true;
    await p.drop(KEY, CONTACTS);
    await waitFor('the notification in the ingress DLQ', async () => ((await visible(p.local.dlqUrls.ingress)) === 1 ? true : undefined), 90_000);
    ingressBroken = false;

    const moved = await flatfeed('redrive', 'ingress');
    expect(moved).toEqual({ code: 0, out: 'moved 1 message(s) from the ingress DLQ back to ingress (the local dev stack (.flatfeed/dev.json))', err: '' });
    const run = await p.runOf(KEY, ENDED);
    expect(run.state).toBe('done');
    expectReconciled(run.counts);
    expect(await visible(p.local.dlqUrls.ingress)).toBe(0);

    expect(await flatfeed('redrive', 'ingress')).toEqual({ code: 0, out: 'the ingress DLQ is empty: nothing to move (the local dev stack (.flatfeed/dev.json))', err: '' });
  }, 180_000);

  it('keeps a FIFO message in its group with a fresh deduplication id, so the listener gets it', async () => {
    const run = await p.runOf(KEY, ['done']);
    const [event] = (await p.api.events.list({ environmentId: p.flatfile.environmentId, spaceId: run.spaceId!, pageSize: 1000 })).data.filter((e) => e.topic === 'file:created');
    const id = `${event!.id}-parked`;
    // Parked as SQS parks it: with the deduplication id the poller gave it minutes ago (the event's id). Sent back
    // with that id within SQS's 5-minute window, the events queue would drop it as a repeat.
    await p.local.clients.sqs.send(
      new SendMessageCommand({ QueueUrl: p.local.dlqUrls.events, MessageBody: JSON.stringify({ ...event, id }), MessageGroupId: run.spaceId!, MessageDeduplicationId: event!.id }),
    );
    expect((await flatfeed('redrive', 'events')).out).toBe('moved 1 message(s) from the events DLQ back to events (the local dev stack (.flatfeed/dev.json))');
    await waitFor('the listener to handle the redriven event', async () => ((await stepState(p.ledger, { pk: `EVENT#${id}`, sk: 'ONCE' }))?.state === 'done' ? true : undefined));
    expect(await visible(p.local.dlqUrls.events)).toBe(0);
    expect((await p.ledger.getRun(run.runId))!.state).toBe('done');
  }, 120_000);

  it('refuses a queue the topology does not have (exit 2)', async () => {
    expect((await flatfeed('redrive', 'nope')).code).toBe(2);
  });
});

describe('flatfeed replay', () => {
  it('runs an ended run again from its object as attempt 2, keeping how attempt 1 ended', async () => {
    const first = await p.runOf(KEY, ['done']);
    const replay = await flatfeed('replay', first.runId);
    expect(replay.code).toBe(0);
    expect(replay.out.split('\n')).toEqual([
      `run ${first.runId}: attempt 1 ended done${first.reason ? ` (${first.reason})` : ''}`,
      `attempt 2 starts from received: sent s3://${first.bucket}/${KEY} to ingress (the local dev stack (.flatfeed/dev.json))`,
      `follow it: flatfeed run ${first.runId} --watch`,
    ]);
    const second = await waitFor('attempt 2 to end', async () => {
      const r = await p.ledger.getRun(first.runId);
      return r?.attempt === 2 && ENDED.includes(r.state) ? r : undefined;
    }, 120_000);
    expect(second.state).toBe('done');
    expect(second.counts).toEqual(first.counts);
    expect(second.fileId).not.toBe(first.fileId); // uploaded again
    expect(second.mapJobId).not.toBe(first.mapJobId); // mapped again
    expect(second.attempts).toMatchObject([{ attempt: 1, state: 'done', counts: first.counts, outputs: first.outputs, from: 'received' }]);
    expect((await noticeCount(first.runId, 2)).map((n) => n.status)).toEqual(['done', 'done']);
  }, 180_000);

  it('--from egressing exports the run again (a new egress job) without uploading or mapping again', async () => {
    const before = (await p.ledger.getRun(p.ledger && (await p.runOf(KEY, ['done'])).runId))!;
    const replay = await flatfeed('replay', before.runId, '--from', 'egressing');
    expect(replay.code).toBe(0);
    expect(replay.out).toContain(`attempt 3 starts from egressing: sent commit:completed of sheet ${before.sheetId} to the listener`);
    const after = await waitFor('attempt 3 to end', async () => {
      const r = await p.ledger.getRun(before.runId);
      return r?.attempt === 3 && ENDED.includes(r.state) ? r : undefined;
    }, 120_000);
    expect(after.state).toBe('done');
    expect(after.counts).toEqual(before.counts);
    expect(after.egressJobId).not.toBe(before.egressJobId);
    expect([after.fileId, after.mapJobId, after.sheetId]).toEqual([before.fileId, before.mapJobId, before.sheetId]);
    expect(after.attempts!.map((a) => [a.attempt, a.state, a.from])).toEqual([[1, 'done', 'received'], [2, 'done', 'egressing']]);
    expect(await noticeCount(before.runId, 3)).toHaveLength(3);
  }, 180_000);

  it('refuses, with exit 1 and the reason, a run on its way, an unknown run; a stage it does not start from is a usage error', async () => {
    await p.ledger.createRun({ runId: 'run_inflight', feed: 'contacts', bucket: 'b', key: 'acme/contacts/x.csv', etag: 'e', state: 'received' });
    expect(await flatfeed('replay', 'run_inflight')).toEqual({
      code: 1,
      out: '',
      err: 'flatfeed: run run_inflight is received, still on its way: only an ended run is replayed (the watchdog re-drives a run that stopped moving)',
    });
    expect(await flatfeed('replay', 'run_nope')).toEqual({ code: 1, out: '', err: 'flatfeed: no run run_nope in the ledger' });
    expect((await flatfeed('replay', 'run_inflight', '--from', 'mapping')).code).toBe(2);
    expect((await p.ledger.getRun('run_inflight'))!.attempt).toBeUndefined();
  });

  it('two replays of one run at once reopen it once', async () => {
    await p.ledger.createRun({ runId: 'run_twice', feed: 'contacts', bucket: 'b', key: 'acme/contacts/y.csv', etag: 'e', state: 'stalled', reason: 'stalled: test' });
    const both = await Promise.allSettled([reopenRun(p.ledger, 'run_twice', 'received'), reopenRun(p.ledger, 'run_twice', 'received')]);
    expect(both.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const run = (await p.ledger.getRun('run_twice'))!;
    expect([run.state, run.attempt, run.attempts?.length, run.reason]).toEqual(['received', 2, 1, undefined]);
  });
});
