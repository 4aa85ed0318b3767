import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPipeline, type TestPipeline } from '../../support/pipeline.js';
import { waitFor } from '../../support/wait.js';
import { notificationFor as notify } from '../../support/s3-notification.js';

// At-least-once delivery: S3 notifications and SQS both repeat. However often an object is announced, it is
// uploaded to Flatfile once.

let p: TestPipeline;
beforeAll(async () => {
  p = await startTestPipeline(['ingress']);
});
afterAll(async () => {
  await p?.stop();
});

const CSV = 'Email Address,First Name\ndup@example.com,Dup\n';

async function uploadsNamed(name: string): Promise<number> {
  const spaces = (await p.api.spaces.list({ environmentId: p.flatfile.environmentId, pageSize: 100 })).data;
  let n = 0;
  for (const s of spaces) n += (await p.api.files.list({ spaceId: s.id, pageSize: 1000 })).data.filter((f) => f.name === name).length;
  return n;
}

const notificationFor = (key: string) => notify(p.local.clients.s3, p.local.names.buckets.inbox, key);

describe('ingress deduplication', () => {
  it('the same notification delivered three times produces one upload', async () => {
    const key = 'acme/contacts/dup/three times.csv';
    await p.drop(key, CSV);
    await p.runOf(key, ['uploaded']);
    const body = JSON.stringify(await notificationFor(key));
    for (let i = 0; i < 3; i++) {
      await p.local.clients.sqs.send(new SendMessageCommand({ QueueUrl: p.local.queueUrls.ingress, MessageBody: body }));
    }
    // Every repeat is consumed (nothing left in flight or in the DLQ) and none uploaded again.
    await waitFor('the repeats to be consumed', async () => {
      const { GetQueueAttributesCommand } = await import('@aws-sdk/client-sqs');
      const a = await p.local.clients.sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: p.local.queueUrls.ingress, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
      );
      return a.Attributes?.ApproximateNumberOfMessages === '0' && a.Attributes?.ApproximateNumberOfMessagesNotVisible === '0' ? true : undefined;
    });
    expect(await uploadsNamed('acme__contacts__dup__three times.csv')).toBe(1);
    expect(await p.peek('ingress', true)).toEqual([]);
  });

  it('a second drop of the identical object is the same run, not a new upload', async () => {
    const key = 'acme/contacts/dup/again.csv';
    await p.drop(key, CSV);
    const first = await p.runOf(key, ['uploaded']);
    await p.drop(key, CSV);
    await p.notificationsIdle();
    await waitFor('the second drop to be consumed', async () => ((await p.peek('ingress')).length === 0 ? true : undefined));
    expect(await uploadsNamed('acme__contacts__dup__again.csv')).toBe(1);
    expect((await p.ledger.getRun(first.runId))?.fileId).toBe(first.fileId);
  });

  it('a changed object under the same key is a new run', async () => {
    const key = 'acme/contacts/dup/changed.csv';
    await p.drop(key, CSV);
    const first = await p.runOf(key, ['uploaded']);
    await p.drop(key, `${CSV}second@example.com,Second\n`);
    const second = await waitFor('a second run for the changed object', async () => {
      const runs = await p.ledger.listRuns('contacts');
      return runs.find((r) => r.key === key && r.runId !== first.runId && r.state === 'uploaded');
    });
    expect(second.etag).not.toBe(first.etag);
    expect(await uploadsNamed('acme__contacts__dup__changed.csv')).toBe(2);
  });
});
