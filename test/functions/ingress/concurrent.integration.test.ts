import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPipeline, type TestPipeline } from '../../support/pipeline.js';
import { lambdaTestContext, notificationFor, sqsEvent } from '../../support/s3-notification.js';

// Two Lambda invocations receiving the same notification at the same moment (SQS at-least-once): the ledger's
// conditional claim lets exactly one of them upload. No trigger runs here, so both invocations are the first.

let p: TestPipeline;
beforeAll(async () => {
  p = await startTestPipeline([]);
});
afterAll(async () => {
  await p?.stop();
});

describe('concurrent deliveries', () => {
  it('two concurrent deliveries of one notification produce exactly one upload', async () => {
    const inbox = p.local.names.buckets.inbox;
    const key = 'acme/contacts/dup/concurrent.csv';
    await p.local.clients.s3.send(
      new PutObjectCommand({ Bucket: inbox, Key: key, Body: 'Email Address,First Name\nc@example.com,C\n' }),
    );
    const body = await notificationFor(p.local.clients.s3, inbox, key);
    const { handler } = await import('../../../functions/ingress/handler.js');
    const ctx = lambdaTestContext('ingress');
    const results = await Promise.all([
      handler(sqsEvent('m1', body, p.local.queueArns.ingress), ctx),
      handler(sqsEvent('m2', body, p.local.queueArns.ingress), ctx),
    ]);
    // The delivery that found the upload held by the other is not acknowledged: SQS brings it back, and then it
    // finds the upload done (a holder that died would have let it take over once its lease ran out).
    const failed = results.flatMap((r) => r?.batchItemFailures ?? []).map((f) => f.itemIdentifier);
    expect(failed.length).toBeLessThanOrEqual(1);
    for (const id of failed) expect(await handler(sqsEvent(id, body, p.local.queueArns.ingress), ctx)).toEqual({ batchItemFailures: [] });

    // The environment also holds another application's Space (emulator realism): count flatfeed's own.
    const spaces = (await p.api.spaces.list({ environmentId: p.flatfile.environmentId })).data.filter((s) => (s.metadata as { flatfeed?: unknown } | undefined)?.flatfeed);
    expect(spaces).toHaveLength(1);
    const files = (await p.api.files.list({ spaceId: spaces[0]!.id })).data;
    expect(files.map((f) => f.name)).toEqual(['acme__contacts__dup__concurrent.csv']);
    const runs = (await p.ledger.listRuns('contacts')).filter((r) => r.key === key);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ state: 'uploaded', fileId: files[0]!.id });
  });
});
