import { readFileSync } from 'node:fs';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../../emulator/index.js';
import { enqueueEvents } from '../../shared/events/enqueue.js';
import type { Run } from '../../shared/ledger/index.js';
import { runStep, stepState } from '../../shared/run/step.js';
import type { ExtractWork } from '../../shared/work/messages.js';
import { startTestPipeline, type TestPipeline } from '../support/pipeline.js';
import { noticeReader } from '../support/notices.js';
import { waitFor } from '../support/wait.js';

// The stranding cases of issue #12, each measured on the old main as a run that never ended. Each must now end in
// the right terminal state, or finish with its counts reconciled.

const CONTACTS = readFileSync(new URL('../../samples/contacts/acme-contacts-2026-11-16.csv', import.meta.url));
const XLSX = readFileSync(new URL('../../samples/contacts/acme-contacts-2026-11-23.xlsx', import.meta.url));
const ENDED = ['done', 'rejected', 'needs-review', 'mismatch', 'unrouted', 'expanded', 'failed', 'stalled'] as Run['state'][];
const RECONCILED = { rowsRead: 20, recordsCreated: 20, valid: 11, invalid: 9, egressed: 11, rejected: 9 };
const ALL: Parameters<typeof startTestPipeline>[0] = ['ingress', 'eventsPoller', 'listener', 'worker', 'egress'];

async function queueDrained(p: TestPipeline, queue: 'work' | 'events' | 'egress' | 'ingress'): Promise<void> {
  const { GetQueueAttributesCommand } = await import('@aws-sdk/client-sqs');
  await waitFor(`the ${queue} queue to drain`, async () => {
    const a = await p.local.clients.sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: p.local.queueUrls[queue], AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
    );
    return a.Attributes?.ApproximateNumberOfMessages === '0' && a.Attributes?.ApproximateNumberOfMessagesNotVisible === '0' ? true : undefined;
  });
}

const notices = noticeReader();

describe('with the whole pipeline', () => {
  let p: TestPipeline;
  beforeAll(async () => {
    p = await startTestPipeline(ALL);
  }, 60_000);
  afterAll(async () => {
    await p?.stop();
  });

  it('a CSV the platform cannot parse ends rejected with the parser\'s line and reason, and a notice', async () => {
    const key = 'acme/contacts/stranding/unclosed-quote.csv';
    await p.drop(key, 'Email Address,First Name\na@example.com,Ann\n"b@example.com,Bob\nc@example.com,Cid\n');
    const run = await p.runOf(key, ENDED, undefined);
    expect(run.state).toBe('rejected');
    expect(run.reason).toMatch(/^malformed-content: Flatfile could not read ".*unclosed-quote\.csv": .*quote.*line \d+/i);
    expect(run.lastError).toMatchObject({ code: 'job-failed' });
    expect(await notices.of(p, run.runId)).toMatchObject([{ status: 'rejected', reason: run.reason }]);
  });

  it('a run whose feed has 100 newer runs is still found by its sheet and egressed', async () => {
    // 100 runs of the same feed created "later" than the one under test: listing the feed's newest 100 misses it.
    const future = new (p.ledger.constructor as typeof import('../../shared/ledger/index.js').Ledger)(
      (p.ledger as unknown as { db: never }).db,
      p.local.names.tables.ledger,
      () => new Date(Date.now() + 86_400_000),
    );
    for (let i = 0; i < 100; i++) {
      await future.createRun({ runId: `run_newer_${i}`, feed: 'contacts', bucket: 'b', key: `acme/contacts/newer-${i}.csv`, etag: 'e', state: 'done' });
    }
    expect((await p.ledger.listRuns('contacts')).map((r) => r.runId)).not.toContain('anything-not-newer');
    const key = 'acme/contacts/stranding/after-100-newer.csv';
    await p.drop(key, CONTACTS);
    const run = await p.runOf(key, ENDED);
    expect(run.state).toBe('done');
    expect(run.counts).toEqual(RECONCILED);
    expect((await p.ledger.listRuns('contacts')).some((r) => r.runId === run.runId)).toBe(false); // really out of reach
  }, 120_000);

  it('a redelivered work message for a finished extraction leaves the done run done', async () => {
    const key = 'acme/contacts/stranding/extracted.xlsx';
    await p.drop(key, XLSX);
    const run = await p.runOf(key, ENDED);
    expect(run.state).toBe('done');
    const jobId = (await stepState(p.ledger, runStep(run.runId, 'extract-job')))?.value as string;
    expect(jobId).toMatch(/^us_jb_/);
    const work: ExtractWork = { kind: 'extract', feed: 'contacts', jobId, fileId: run.fileId!, spaceId: run.spaceId!, format: 'xlsx', runId: run.runId };
    for (let i = 0; i < 2; i++) await p.local.clients.sqs.send(new SendMessageCommand({ QueueUrl: p.local.queueUrls.work, MessageBody: JSON.stringify(work) }));
    await queueDrained(p, 'work');
    const after = (await p.ledger.getRun(run.runId))!;
    expect(after.state).toBe('done');
    expect(after.stages).toEqual(run.stages);
    expect(after.counts).toEqual(run.counts);
    expect(await p.peek('work', true)).toEqual([]);
  }, 120_000);

  it('events re-sent with new ids, in reverse order, neither map again nor move a done run back', async () => {
    const key = 'acme/contacts/stranding/resent-events.csv';
    await p.drop(key, CONTACTS);
    const run = await p.runOf(key, ENDED);
    expect(run.state).toBe('done');
    const before = await p.api.sheets.getRecordCounts(run.sheetId!);
    const jobsBefore = (await p.api.jobs.list({ spaceId: run.spaceId!, pageSize: 1000 })).data.length;
    const events = (await p.api.events.list({ environmentId: p.flatfile.environmentId, spaceId: run.spaceId!, pageSize: 1000 })).data;
    const resent = events.reverse().map((e, i) => ({ ...(e as unknown as Record<string, unknown>), id: `us_evt_resent${i}x${e.id}` }) as { id: string });
    await enqueueEvents(p.local.clients.sqs, p.local.queueUrls.events, resent);
    await queueDrained(p, 'events');
    await queueDrained(p, 'work');
    await queueDrained(p, 'egress');
    const after = (await p.ledger.getRun(run.runId))!;
    expect(after.state).toBe('done');
    expect(after.counts).toEqual(run.counts);
    expect((await p.api.sheets.getRecordCounts(run.sheetId!)).data.counts).toEqual(before.data.counts);
    expect((await p.api.jobs.list({ spaceId: run.spaceId!, pageSize: 1000 })).data.length).toBe(jobsBefore);
    expect(await notices.of(p, run.runId)).toHaveLength(1);
    expect(await p.peek('events', true)).toEqual([]);
  }, 180_000);

  it('dropping an already processed file again says which run it was and how to process it again', async () => {
    const key = 'acme/contacts/stranding/resent-events.csv';
    const run = await p.runOf(key, ['done']);
    await p.drop(key, CONTACTS);
    const notice = await waitFor('the dropped-again notice', async () =>
      (await notices.all(p)).find((n) => n.runId === run.runId && n.notes?.some((x) => x.startsWith('the file was dropped again'))),
    );
    expect(notice.notes![0]).toContain(`already processed as run ${run.runId} (done)`);
    expect(notice.notes![0]).toContain(`to process them again, run flatfeed replay ${run.runId}`);
    expect(notice.status).toBe('done');
  });
});

