import type { Agent } from 'node:https';
import type { S3Client } from '@aws-sdk/client-s3';
import type { Ledger } from '../ledger/index.js';
import type { Inbox } from './inbox.js';
import type { PullMemory } from './memory.js';
import type { PortalTokens } from './portal-api.js';

export interface PullLog {
  info(message: string, details?: Record<string, unknown>): void;
  warn(message: string, details?: Record<string, unknown>): void;
}

/** Everything a pull touches, injected: production defaults in the handler, local servers in tests. */
export interface PullDeps {
  inbox: Inbox;
  ledger: Ledger;
  /** A secret's value by its Secrets Manager name. */
  secret(name: string): Promise<string>;
  /** An S3 client for a source bucket, with the role's credentials when one is given. */
  sourceS3(roleArn?: string): S3Client;
  /** TLS settings for https pulls (e.g. a private CA); Node's defaults when absent. */
  httpsAgent?: Agent;
  /** The legacy Portal API root instead of api.<region>.flatfile.io (FLATFILE_PORTAL_URL: the emulator locally). */
  portalUrl?: string;
  /** Legacy Portal bearer tokens, kept across pulls of one process. */
  portalTokens?: PortalTokens;
  /** SSH handshake timeout. */
  sftpReadyTimeoutMs?: number;
  log: PullLog;
  now(): Date;
}

/** One feed's pull: its deps plus where its files land and what its earlier pulls did. */
export interface PullContext extends PullDeps {
  feed: string;
  /** The feed's inbox prefix: pulled files land under it. */
  inboxPrefix: string;
  memory: PullMemory;
}

export interface PullReport {
  feed: string;
  source: 's3' | 'https' | 'sftp' | 'flatfile-portal';
  /** Inbox keys written by this pull. */
  copied: string[];
  /** Source files left alone because an earlier pull took them (or the server said "not modified"). */
  skipped: number;
  /** Source files left alone because they are older than the feed's backfill cutoff. */
  tooOld?: number;
}
