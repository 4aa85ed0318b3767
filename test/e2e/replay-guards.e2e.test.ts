import { readFileSync } from 'node:fs';
import { GetQueueAttributesCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import type { Flatfile } from '@flatfile/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueueEvents } from '../../shared/events/enqueue.js';
import { messageGroupOf, type EventEnvelope } from '../../shared/events/envelope.js';
import type { Run } from '../../shared/ledger/index.js';
import { startTestPipeline, type TestPipeline } from '../support/pipeline.js';
import { waitFor } from '../support/wait.js';

// Deliveries that only the listener's two guards stop; the steps and conditional moves let both through (issue
// #12, RELIABILITY.md mutations 10 and 11):
// - the per-route run-state check (`runAwaiting`): an event re-sent under a new id while a person is finishing a
//   mapping the run handed over (needs-review). Its job is still in planning, so only the run's state says the
//   pipeline is done with it;
// - `processOnce`: the same event delivered twice (the poller and the webhook, or SQS after its 5-minute
//   deduplication window) about a file a person uploaded into the feed's Space: no run, so no step and no state.

let p: TestPipeline;
let review: Run;
beforeAll(async () => {
  p = await startTestPipeline(['ingress', 'eventsPoller', 'listener', 'worker']);
  // "Kontakt" cannot be mapped to the required email field with certainty: the run waits for a person.
  const key = 'acme/contacts/guards/kontakte.csv';
  await p.drop(key, 'Kontakt,First Name,Company\nx@example.com,Xaver,X AG\n');
  review = await p.runOf(key, ['needs-review', 'validating', 'egressing', 'rejected', 'failed']);
  expect(review.state).toBe('needs-review');
}, 120_000);
afterAll(async () => {
  await p?.stop();
});

async function drained(): Promise<void> {
  let quiet = 0;
  await waitFor('the events and work queues to drain', async () => {
    for (const q of ['events', 'work'] as const) {
      const a = await p.local.clients.sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: p.local.queueUrls[q], AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
      );
      if (a.Attributes?.ApproximateNumberOfMessages !== '0' || a.Attributes?.ApproximateNumberOfMessagesNotVisible !== '0') return (quiet = 0), undefined;
    }
    return ++quiet >= 15 ? true : undefined;
  }, 90_000);
}

const eventsOf = async (spaceId: string) =>
  (await p.api.events.list({ environmentId: p.flatfile.environmentId, spaceId, pageSize: 1000 })).data as unknown as (EventEnvelope & { topic: string })[];

const pairs = (plan: Flatfile.JobExecutionPlan) => plan.fieldMapping.map((e) => `${e.sourceField.key}→${e.destinationField.key}`).sort();

describe('what only the listener guards stop', () => {
  it('a job:updated re-sent with a new id while a person edits the mapping leaves the person\'s plan alone', async () => {
    const { data: jobs } = await p.api.jobs.list({ spaceId: review.spaceId!, pageSize: 100 });
    const job = jobs.find((j) => j.operation === 'map' && (j.input as { flatfeed?: { runId?: string } })?.flatfeed?.runId === review.runId)!;
    expect(job.status).toBe('planning');
    // The person maps "Kontakt" to email in the UI (an edge of their own, no certainty of ours) and keeps reviewing.
    const { data: current } = await p.api.jobs.getExecutionPlan(job.id);
    const plan = current.plan;
    const kontakt = plan.unmappedSourceFields.find((u) => u.sourceField.key === 'kontakt')!.sourceField;
    const email = plan.unmappedDestinationFields.find((u) => u.destinationField.key === 'email')!.destinationField;
    const mine = {
      jobId: job.id,
      fileId: review.fileId!,
      fieldMapping: [...plan.fieldMapping, { sourceField: kontakt, destinationField: email }],
      unmappedSourceFields: plan.unmappedSourceFields.filter((u) => u.sourceField.key !== 'kontakt'),
      unmappedDestinationFields: plan.unmappedDestinationFields.filter((u) => u.destinationField.key !== 'email'),
    };
    await p.api.jobs.updateExecutionPlan(job.id, mine);
    const edited = pairs((await p.api.jobs.getExecutionPlan(job.id)).data.plan);
    expect(edited).toContain('kontakt→email');

    // The platform re-sends the job's planning update under a new id.
    const updated = (await eventsOf(review.spaceId!)).filter((e) => e.topic === 'job:updated' && e.context?.jobId === job.id);
    expect(updated.length).toBeGreaterThan(0);
    await enqueueEvents(p.local.clients.sqs, p.local.queueUrls.events, updated.map((e, i) => ({ ...e, id: `${e.id}resent${i}` })));
    await drained();

    expect(pairs((await p.api.jobs.getExecutionPlan(job.id)).data.plan)).toEqual(edited);
    expect((await p.api.jobs.get(job.id)).data.status).toBe('planning');
    expect((await p.ledger.getRun(review.runId))?.state).toBe('needs-review');
  }, 180_000);

  it('the same file:created delivered twice for a file a person uploaded into the Space extracts it once', async () => {
    const xlsx = readFileSync(new URL('../../samples/contacts/acme-contacts-2026-11-23.xlsx', import.meta.url));
    const { data: file } = await p.api.files.upload(new File([xlsx], 'upload-by-hand.xlsx'), { spaceId: review.spaceId!, environmentId: p.flatfile.environmentId });
    const extractions = async () =>
      (await p.api.jobs.list({ spaceId: review.spaceId!, pageSize: 1000 })).data.filter((j) => j.source === file.id && j.operation === 'extract-plugin-xlsx');
    await waitFor('the extraction of the uploaded file', async () => ((await extractions()).some((j) => j.status === 'complete') ? true : undefined), 90_000);
    await drained();

    // Delivered again with its own id: SQS's deduplication window is past (a new deduplication id says so).
    const created = (await eventsOf(review.spaceId!)).find((e) => e.topic === 'file:created' && e.context?.fileId === file.id)!;
    await p.local.clients.sqs.send(
      new SendMessageCommand({ QueueUrl: p.local.queueUrls.events, MessageBody: JSON.stringify(created), MessageGroupId: messageGroupOf(created), MessageDeduplicationId: `${created.id}-later` }),
    );
    await drained();

    const jobs = await extractions();
    expect(jobs.map((j) => j.status)).toEqual(['complete']);
    const { data: again } = await p.api.files.get(file.id);
    const { data: workbook } = await p.api.workbooks.get(again.workbookId!);
    const { data: counts } = await p.api.sheets.getRecordCounts(workbook.sheets![0]!.id);
    expect(counts.counts.total).toBe(6);
  }, 180_000);
});
