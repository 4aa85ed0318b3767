import type { S3Client } from '@aws-sdk/client-s3';
import { PortalTokens } from './portal-api.js';
import { sourceS3Client } from './s3-client.js';
import { pullSecret } from './secrets.js';
import type { PullDeps, PullLog } from './types.js';

export interface DefaultPullDepsOptions {
  s3: S3Client;
  inboxBucket: string;
  ledger: PullDeps['ledger'];
  log: PullLog;
}

/**
 * The production wiring: Secrets Manager (or PULL_SECRET_* values), STS for cross-account buckets, Node's TLS defaults,
 * the legacy Portal's regional host unless FLATFILE_PORTAL_URL names another (the emulator).
 */
export function defaultPullDeps(o: DefaultPullDepsOptions, env: NodeJS.ProcessEnv = process.env): PullDeps {
  return {
    ...(env.FLATFILE_PORTAL_URL ? { portalUrl: env.FLATFILE_PORTAL_URL } : {}),
    portalTokens: new PortalTokens(),
    inbox: { s3: o.s3, bucket: o.inboxBucket },
    ledger: o.ledger,
    secret: (name) => pullSecret(name),
    sourceS3: (roleArn) => sourceS3Client(roleArn, 'flatfeed-pull'),
    log: o.log,
    now: () => new Date(),
  };
}
