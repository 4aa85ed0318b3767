import type { Readable } from 'node:stream';
import { GetObjectCommand, paginateListObjectsV2 } from '@aws-sdk/client-s3';
import type { Feed } from '../manifest/index.js';
import { backfillCutoff, beforeCutoff } from './backfill.js';
import { PullConfigError } from './errors.js';
import { putInbox } from './inbox.js';
import type { PullContext, PullReport } from './types.js';

type S3Pull = Extract<NonNullable<Feed['source']['pull']>, { type: 's3' }>;

const MISCONFIGURED: Record<string, PullConfigError['problem']> = {
  AccessDenied: 'forbidden',
  InvalidAccessKeyId: 'auth',
  SignatureDoesNotMatch: 'auth',
  ExpiredToken: 'auth',
  NoSuchBucket: 'not-found',
  PermanentRedirect: 'bad-config',
};

/**
 * Copies objects under the source prefix that no earlier pull copied (bucket/key/etag, a ledger step taken before the
 * copy: overlapping pulls copy each object once).
 */
export async function pullS3(ctx: PullContext, pull: S3Pull): Promise<PullReport> {
  const report: PullReport = { feed: ctx.feed, source: 's3', copied: [], skipped: 0, tooOld: 0 };
  const s3 = ctx.sourceS3(pull.roleArn);
  const cutoff = await backfillCutoff(ctx, pull.backfill);
  try {
    for await (const page of paginateListObjectsV2({ client: s3 }, { Bucket: pull.bucket, Prefix: pull.prefix })) {
      for (const obj of page.Contents ?? []) {
        if (!obj.Key || obj.Key.endsWith('/')) continue; // "folder" placeholders
        if (beforeCutoff(cutoff, obj.LastModified)) {
          report.tooOld!++;
          continue;
        }
        const id = `s3#${pull.bucket}/${obj.Key}#${obj.ETag ?? ''}`;
        const sourceKey = obj.Key;
        const done = await ctx.memory.copyOnce(id, async () => {
          const got = await s3.send(new GetObjectCommand({ Bucket: pull.bucket, Key: sourceKey }));
          const key = `${ctx.inboxPrefix}${sourceKey.slice(pull.prefix.length)}`;
          await putInbox(ctx.inbox, key, got.Body as Readable, got.ContentType);
          return key;
        });
        if ('copied' in done) report.copied.push(done.copied);
        else report.skipped++;
      }
    }
  } catch (e) {
    const problem = MISCONFIGURED[(e as { name?: string }).name ?? ''];
    if (problem) throw new PullConfigError(problem, `s3 source s3://${pull.bucket}/${pull.prefix}: ${(e as Error).name}${pull.roleArn ? ` (via ${pull.roleArn})` : ''}`, { cause: e });
    throw e;
  }
  return report;
}
