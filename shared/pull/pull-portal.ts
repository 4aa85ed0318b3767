import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import type { Feed } from '../manifest/index.js';
import { doOnce } from '../run/index.js';
import { backfillCutoff, beforeCutoff } from './backfill.js';
import { PullConfigError } from './errors.js';
import { putInbox } from './inbox.js';
import { PortalApi, portalBaseUrl, PortalTokens, type PortalBatch, type PortalKey } from './portal-api.js';
import { secretJson } from './secrets.js';
import type { PullContext, PullReport } from './types.js';

type PortalPull = Extract<NonNullable<Feed['source']['pull']>, { type: 'flatfile-portal' }>;

/** Longer than cron-feed's timeout (300 s): a batch is never taken by two pulls, and a pull that died frees it. */
const LEASE_SECONDS = 900;
const fallbackTokens = new PortalTokens();

/**
 * Each submitted batch of the license not pulled before becomes one JSONL object in the inbox (one line per mapped
 * row, dismissed rows left out and counted), written page by page while it is read, so the batch is one run of the
 * feed. Each batch is a ledger step (shared/run/step.ts): overlapping pulls take it once; it is done when the object
 * is written and given back when the pull fails, so the next pull takes the batch again.
 */
export async function pullPortal(ctx: PullContext, pull: PortalPull): Promise<PullReport> {
  const report: PullReport = { feed: ctx.feed, source: 'flatfile-portal', copied: [], skipped: 0, tooOld: 0 };
  const base = portalBaseUrl(pull.region, ctx.portalUrl);
  const api = new PortalApi(base, await portalKey(ctx, pull), pull.api, ctx.portalTokens ?? fallbackTokens, ctx.now);
  const cutoff = await backfillCutoff(ctx, pull.backfill);
  for await (const batch of api.batches(pull.licenseKey)) {
    if (batch.status !== 'submitted') continue; // still being imported by its end user, or failed
    if (beforeCutoff(cutoff, batch.submittedAt ?? batch.createdAt)) {
      report.tooOld!++;
      continue;
    }
    // One step per batch: overlapping pulls take it once; a pull that fails gives it back for the next.
    const key = inboxKey(ctx, batch);
    const step = await doOnce(
      ctx.ledger,
      { pk: `PULL#${ctx.feed}`, sk: `portal#${batch.id}` },
      async () => {
        const { rows, dismissed } = await writeBatch(ctx, api, pull, batch, key);
        ctx.log.info('pulled a legacy Portal batch', { feed: ctx.feed, batchId: batch.id, rows, dismissed, key });
        return { key, rows, dismissed };
      },
      { leaseSeconds: LEASE_SECONDS },
    );
    if (step.ran) report.copied.push(key);
    else report.skipped++;
  }
  return report;
}

async function portalKey(ctx: PullContext, pull: PortalPull): Promise<PortalKey> {
  const what = `credentials secret "${pull.credentialsSecret}"`;
  const secret = secretJson(what, await ctx.secret(pull.credentialsSecret));
  const { accessKeyId, secretAccessKey } = secret;
  if (typeof accessKeyId !== 'string' || !accessKeyId || typeof secretAccessKey !== 'string' || !secretAccessKey) {
    throw new PullConfigError('bad-config', `${what} needs "accessKeyId" and "secretAccessKey"`);
  }
  return { accessKeyId, secretAccessKey };
}

/** `<prefix>portal/<submitted day>/<batch id>.jsonl`: the same batch always lands on the same key. */
function inboxKey(ctx: PullContext, batch: PortalBatch): string {
  const at = new Date(batch.submittedAt ?? batch.createdAt ?? '');
  const day = Number.isNaN(at.getTime()) ? 'undated' : at.toISOString().slice(0, 10);
  return `${ctx.inboxPrefix}portal/${day}/${batch.id.replace(/[^A-Za-z0-9._-]/g, '_')}.jsonl`;
}

/** Streams the batch's rows into the inbox as they are read: memory holds one page, whatever the batch's size. */
async function writeBatch(
  ctx: PullContext,
  api: PortalApi,
  pull: PortalPull,
  batch: PortalBatch,
  key: string,
): Promise<{ rows: number; dismissed: number }> {
  const body = new PassThrough();
  const upload = putInbox(ctx.inbox, key, body, 'application/x-ndjson', batchMetadata(batch));
  upload.catch(() => undefined); // awaited below; a failure while we wait on 'drain' must not go unhandled
  // Waits for the upload to take more, or for it to fail (it would never drain then).
  const drained = () => Promise.race([once(body, 'drain'), upload.then(() => Promise.reject(new Error('inbox upload ended early')))]);
  let rows = 0;
  let dismissed = 0;
  try {
    for await (const page of api.rows(batch.id, pull.pageSize)) {
      let chunk = '';
      for (const row of page) {
        if (row.dismissed) dismissed++;
        else {
          chunk += `${JSON.stringify(row.mapped)}\n`;
          rows++;
        }
      }
      if (chunk && !body.write(chunk)) await drained();
    }
    body.end();
  } catch (e) {
    body.destroy(e as Error);
    await upload.catch(() => undefined);
    throw e;
  }
  await upload;
  return { rows, dismissed };
}

/** The batch's identity as S3 user metadata (ASCII only: values are URI-encoded). */
function batchMetadata(batch: PortalBatch): Record<string, string> {
  const m: Record<string, string> = { 'flatfile-batch-id': batch.id };
  if (batch.filename) m['flatfile-filename'] = encodeURIComponent(batch.filename);
  if (batch.submittedAt) m['flatfile-submitted-at'] = batch.submittedAt;
  if (batch.endUser !== undefined) m['flatfile-end-user'] = encodeURIComponent(JSON.stringify(batch.endUser));
  return m;
}
