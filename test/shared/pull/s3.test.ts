import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pullFeed, PullConfigError } from '../../../shared/pull/index.js';
import { pullManifest, startPullStack, type PullStack } from './support.js';

const noRetry = { attempts: 1, baseDelayMs: 1 };

describe('s3 pull (another bucket in the local stack)', () => {
  let stack: PullStack;
  let manifest: ReturnType<typeof pullManifest>;
  const put = (key: string, body: string) => stack.local.clients.s3.send(new PutObjectCommand({ Bucket: 'partner-drop', Key: key, Body: body }));

  beforeAll(async () => {
    const s3 = (name: string, bucket: string) => ({
      name,
      inboxPrefix: `s3/${name}/`,
      pull: { type: 's3', bucket, prefix: 'exports/', schedule: { cron: '0 6 * * ? *' } },
    });
    manifest = pullManifest([
      s3('partner', 'partner-drop'),
      s3('nobucket', 'no-such-bucket'),
      s3('overlap', 'partner-drop'),
      { name: 'backfill', inboxPrefix: 's3/backfill/', pull: { type: 's3', bucket: 'partner-drop', prefix: 'exports/', backfill: { days: 30 }, schedule: { cron: '0 6 * * ? *' } } },
    ]);
    stack = await startPullStack(manifest);
    await stack.local.clients.s3.send(new CreateBucketCommand({ Bucket: 'partner-drop' }));
    await put('exports/', '');
    await put('exports/2025-06-09.csv', 'id\n1\n');
    await put('exports/daily/2025-06-10.csv', 'id\n2\n');
    await put('elsewhere/ignored.csv', 'id\n3\n');
  });
  afterAll(async () => {
    await stack?.local.stop();
  });

  it('copies each object under the prefix once, keeping its path below the prefix', async () => {
    const first = await pullFeed(stack.deps(), manifest, 'partner', noRetry);
    expect(first.copied.sort()).toEqual(['s3/partner/2025-06-09.csv', 's3/partner/daily/2025-06-10.csv']);
    expect(await stack.inboxKeys('s3/partner/')).toEqual(['s3/partner/2025-06-09.csv', 's3/partner/daily/2025-06-10.csv']);
    expect(await stack.inboxText('s3/partner/daily/2025-06-10.csv')).toBe('id\n2\n');

    expect(await pullFeed(stack.deps(), manifest, 'partner', noRetry)).toMatchObject({ copied: [], skipped: 2 });
  });

  it('an object overwritten with new content (new ETag) is copied again', async () => {
    await put('exports/2025-06-09.csv', 'id\n1\n1b\n');
    const report = await pullFeed(stack.deps(), manifest, 'partner', noRetry);
    expect(report).toMatchObject({ copied: ['s3/partner/2025-06-09.csv'], skipped: 1 });
    expect(await stack.inboxText('s3/partner/2025-06-09.csv')).toBe('id\n1\n1b\n');
  });

  it('a first pull with a 30-day backfill skips objects older than 30 days; later pulls keep its cutoff', async () => {
    // The objects were written moments ago; a first pull "40 days later" finds all of them older than its 30 days.
    const later = (days: number) => () => new Date(Date.now() + days * 86_400_000);
    const first = await pullFeed(stack.deps({ now: later(40) }), manifest, 'backfill', noRetry);
    expect(first).toMatchObject({ copied: [], tooOld: 2 });
    // The cutoff is the first pull's: a pull whose own 30 days would reach these objects still leaves them.
    const second = await pullFeed(stack.deps({ now: later(20) }), manifest, 'backfill', noRetry);
    expect(second).toMatchObject({ copied: [], tooOld: 2 });
    // Without a backfill period the same objects are taken (the 'partner' feed above copied them).
  });

  it('overlapping pulls copy each object once between them (the ledger step is taken before the copy)', async () => {
    const pulls = await Promise.all([1, 2, 3].map(() => pullFeed(stack.deps(), manifest, 'overlap', noRetry)));
    expect(pulls.flatMap((p) => p.copied).sort()).toEqual(['s3/overlap/2025-06-09.csv', 's3/overlap/daily/2025-06-10.csv']);
    expect(pulls.reduce((n, p) => n + p.skipped, 0)).toBe(4);
  });

  it('a missing source bucket is a configuration error', async () => {
    const err = await pullFeed(stack.deps(), manifest, 'nobucket', noRetry).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PullConfigError);
    expect(err).toMatchObject({ problem: 'not-found' });
  });
});
