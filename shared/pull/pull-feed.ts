import type { Manifest } from '../manifest/index.js';
import { withRetry } from '../runtime/retry.js';
import { PullConfigError } from './errors.js';
import { PullMemory } from './memory.js';
import { pullHttps } from './pull-https.js';
import { pullPortal } from './pull-portal.js';
import { pullS3 } from './pull-s3.js';
import { pullSftp } from './pull-sftp.js';
import type { PullContext, PullDeps, PullReport } from './types.js';

export interface PullRetry {
  attempts: number;
  baseDelayMs: number;
}

/**
 * One pull of a feed's source into the inbox. Transient failures retry with backoff; every step is idempotent (files
 * are remembered or moved once copied), so a retry repeats only what did not finish.
 */
export async function pullFeed(
  deps: PullDeps,
  manifest: Manifest,
  feedName: string,
  retry: PullRetry = { attempts: 4, baseDelayMs: 1000 },
): Promise<PullReport> {
  const feed = manifest.feeds.find((f) => f.name === feedName);
  if (!feed) throw new PullConfigError('bad-config', `no feed "${feedName}" in the manifest`);
  const pull = feed.source.pull;
  if (!pull) throw new PullConfigError('bad-config', `feed "${feedName}" has no source.pull`);
  const ctx: PullContext = { ...deps, feed: feed.name, inboxPrefix: feed.source.inboxPrefix, memory: new PullMemory(deps.ledger, feed.name) };
  return withRetry(
    () => {
      switch (pull.type) {
        case 's3':
          return pullS3(ctx, pull);
        case 'https':
          return pullHttps(ctx, pull);
        case 'sftp':
          return pullSftp(ctx, pull);
        case 'flatfile-portal':
          return pullPortal(ctx, pull);
      }
    },
    {
      ...retry,
      onRetry: (error, attempt, delayMs) =>
        deps.log.warn('pull failed; retrying', { feed: feed.name, source: pull.type, attempt, delayMs, error: String(error) }),
    },
  );
}
