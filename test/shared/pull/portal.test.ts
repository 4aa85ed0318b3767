import { randomUUID } from 'node:crypto';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../../emulator/index.js';
import type { LegacyKey } from '../../../emulator/legacy/index.js';
import { pullFeed, PullConfigError, PortalTokens, runScheduledPull } from '../../../shared/pull/index.js';
import { pullManifest, startPullStack, type PullStack } from './support.js';

const noRetry = { attempts: 1, baseDelayMs: 1 };
const NOW = new Date('2025-06-10T09:00:00Z');
const daysAgo = (n: number) => new Date(NOW.getTime() - n * 86_400_000).toISOString();

describe('flatfile-portal pull (legacy Portal batches from the emulator)', () => {
  let emulator: Emulator;
  let stack: PullStack;
  let key: LegacyKey;
  const licenses = { rest: randomUUID(), graphql: randomUUID(), overlap: randomUUID(), overlapGql: randomUUID(), backfill: randomUUID() };
  let manifest: ReturnType<typeof pullManifest>;

  const portalFeed = (name: string, licenseKey: string, extra: Record<string, unknown> = {}, secret = 'portal/key') => ({
    name,
    inboxPrefix: `portal/${name}/`,
    accept: ['jsonl'],
    pull: { type: 'flatfile-portal', licenseKey, credentialsSecret: secret, pageSize: 2, schedule: { cron: '0 * * * ? *' }, ...extra },
  });

  beforeAll(async () => {
    emulator = await startEmulator({ token: 'platform-token' });
    key = emulator.portal.createKey();
    manifest = pullManifest([
      portalFeed('rest', licenses.rest),
      portalFeed('graphql', licenses.graphql, { api: 'graphql' }),
      portalFeed('overlap', licenses.overlap),
      portalFeed('overlapgql', licenses.overlapGql, { api: 'graphql' }),
      portalFeed('backfill', licenses.backfill, { backfill: { days: 30 } }),
      portalFeed('badkey', licenses.rest, {}, 'portal/wrong'),
      portalFeed('badkeygql', licenses.graphql, { api: 'graphql' }, 'portal/wrong'),
    ]);
    stack = await startPullStack(manifest, {
      'portal/key': JSON.stringify(key),
      'portal/wrong': JSON.stringify({ accessKeyId: key.accessKeyId, secretAccessKey: 'not-the-secret' }),
    });
  });
  afterAll(async () => {
    await emulator?.stop();
    await stack?.local.stop();
  });

  const deps = (tokens = new PortalTokens(), now = NOW) => stack.deps({ portalUrl: emulator.url, portalTokens: tokens, now: () => now });
  const lines = async (k: string) => (await stack.inboxText(k)).trimEnd().split('\n').map((l) => JSON.parse(l) as unknown);

  it('REST: each submitted batch lands once as JSONL of its mapped rows, with its metadata; the next pull copies nothing', async () => {
    const a = emulator.portal.submitBatch({
      licenseKey: licenses.rest,
      filename: 'contacts ä.csv',
      endUser: { id: 'eu1', userId: 'u-17', name: 'Ana', email: 'ana@example.com' },
      submittedAt: daysAgo(1),
      rows: [
        { name: 'Ana', qty: 3 },
        { mapped: { name: 'Dropped', qty: 0 }, status: 'dismissed' },
        { name: 'Bo', qty: null },
        { name: '  spaced  ', qty: '007' },
      ],
    });
    emulator.portal.submitBatch({ licenseKey: licenses.rest, filename: 'half.csv', status: 'evaluating', rows: [{ name: 'x' }] });
    const b = emulator.portal.submitBatch({ licenseKey: licenses.rest, filename: 'b.csv', submittedAt: daysAgo(0), rows: [{ name: 'Cy' }] });

    const first = await pullFeed(deps(), manifest, 'rest', noRetry);
    const keyA = `portal/rest/portal/${daysAgo(1).slice(0, 10)}/${a.id}.jsonl`;
    const keyB = `portal/rest/portal/${daysAgo(0).slice(0, 10)}/${b.id}.jsonl`;
    expect(first.copied.sort()).toEqual([keyA, keyB].sort());
    // Values arrive as the end user left them (no trimming, no number coercion); the dismissed row is left out.
    expect(await lines(keyA)).toEqual([{ name: 'Ana', qty: 3 }, { name: 'Bo', qty: null }, { name: '  spaced  ', qty: '007' }]);
    const head = await stack.local.clients.s3.send(new HeadObjectCommand({ Bucket: stack.inbox, Key: keyA }));
    expect(head.Metadata).toMatchObject({
      'flatfile-batch-id': a.id,
      'flatfile-submitted-at': daysAgo(1),
    });
    expect(decodeURIComponent(head.Metadata!['flatfile-filename']!)).toBe('contacts ä.csv');
    expect(JSON.parse(decodeURIComponent(head.Metadata!['flatfile-end-user']!))).toMatchObject({ userId: 'u-17', email: 'ana@example.com' });
    // REST calls carried the key (id+secret), and rows were read in pages of two.
    const rowCalls = emulator.portal.requests.filter((r) => r.path === `/rest/batch/${a.id}/rows`);
    expect(rowCalls.length).toBe(2);
    expect(new Set(emulator.portal.requests.filter((r) => r.path.startsWith('/rest/')).map((r) => r.auth))).toEqual(new Set(['key']));

    expect(await pullFeed(deps(), manifest, 'rest', noRetry)).toMatchObject({ copied: [], skipped: 2 });
    expect(await stack.inboxKeys('portal/rest/')).toHaveLength(2);
  });

  it.each([
    ['REST', 'overlap', licenses.overlap],
    ['GraphQL', 'overlapgql', licenses.overlapGql],
  ])('%s: overlapping pulls take each batch exactly once between them', async (_api, feed, licenseKey) => {
    const ids = [1, 2, 3, 4, 5].map((n) => emulator.portal.submitBatch({ licenseKey, filename: `${n}.csv`, submittedAt: daysAgo(0), rows: [{ n }, { n: n + 10 }, { n: n + 20 }] }).id);
    const reports = await Promise.all([1, 2, 3].map(() => pullFeed(deps(), manifest, feed, noRetry)));
    const copied = reports.flatMap((r) => r.copied);
    expect(copied).toHaveLength(5);
    expect(new Set(copied).size).toBe(5);
    expect(copied.map((k) => k.slice(k.lastIndexOf('/') + 1, -'.jsonl'.length)).sort()).toEqual([...ids].sort());
    expect(reports.reduce((s, r) => s + r.copied.length + r.skipped, 0)).toBe(15);
    // Each batch's rows, all pages (pageSize 2), once.
    for (const k of copied) expect(await lines(k)).toHaveLength(3);
  });

  it('GraphQL: a token is exchanged once and reused; an expired one is refreshed; a token near its end is renewed first', async () => {
    const tokens = new PortalTokens();
    const b1 = emulator.portal.submitBatch({ licenseKey: licenses.graphql, filename: 'g1.csv', submittedAt: daysAgo(0), rows: [{ k: 1 }, { k: 2 }, { k: 3 }] });
    const before = emulator.portal.requests.length;
    const first = await pullFeed(deps(tokens), manifest, 'graphql', noRetry);
    expect(first.copied).toHaveLength(1);
    expect(await lines(first.copied[0]!)).toEqual([{ k: 1 }, { k: 2 }, { k: 3 }]);
    const mine = emulator.portal.requests.slice(before);
    expect(mine.filter((r) => r.path === '/graphql').length).toBe(2); // 3 rows in pages of 2
    expect(mine.every((r) => r.auth !== 'key')).toBe(true);
    expect(tokens.exchanges).toBe(1);

    emulator.portal.submitBatch({ licenseKey: licenses.graphql, filename: 'g2.csv', submittedAt: daysAgo(0), rows: [{ k: 4 }] });
    expect((await pullFeed(deps(tokens), manifest, 'graphql', noRetry)).copied).toHaveLength(1);
    expect(tokens.exchanges).toBe(1);

    // The portal's clock passes the token's hour: the cached token is refused, exchanged anew, and the pull goes on.
    emulator.portal.advance(3_700);
    emulator.portal.submitBatch({ licenseKey: licenses.graphql, filename: 'g3.csv', submittedAt: daysAgo(0), rows: [{ k: 5 }] });
    const refused = emulator.portal.requests.length;
    expect((await pullFeed(deps(tokens), manifest, 'graphql', noRetry)).copied).toHaveLength(1);
    expect(tokens.exchanges).toBe(2);
    expect(emulator.portal.requests.slice(refused).filter((r) => r.status === 401).length).toBe(1);

    // Our own clock near the token's end: renewed before use, nothing refused.
    emulator.portal.submitBatch({ licenseKey: licenses.graphql, filename: 'g4.csv', submittedAt: daysAgo(0), rows: [{ k: 6 }] });
    const renewed = emulator.portal.requests.length;
    expect((await pullFeed(deps(tokens, new Date(NOW.getTime() + 3_590_000)), manifest, 'graphql', noRetry)).copied).toHaveLength(1);
    expect(tokens.exchanges).toBe(3);
    expect(emulator.portal.requests.slice(renewed).filter((r) => r.status === 401)).toEqual([]);
    expect(b1.id).toBeTruthy();
  });

  it('a wrong secret ends the pull with a clear reason, counted for the alarm, and never echoes the secret', async () => {
    for (const feed of ['badkey', 'badkeygql']) {
      const err = await pullFeed(deps(), manifest, feed, { attempts: 3, baseDelayMs: 1 }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(PullConfigError);
      expect(err).toMatchObject({ problem: 'auth' });
      expect((err as Error).message).toMatch(/access key id or secret is wrong/);
      expect((err as Error).message).not.toContain('not-the-secret');
    }
    const metrics = new Metrics({ namespace: 'test', serviceName: 'cron-feed' });
    const logged: unknown[] = [];
    const outcome = await runScheduledPull(deps(), manifest, 'badkey', { metrics, logger: { info: () => undefined, error: (...a: unknown[]) => logged.push(a) } }, noRetry);
    expect(outcome).toMatchObject({ ok: false, feed: 'badkey', problem: 'auth' });
    expect(JSON.stringify(logged)).not.toContain('not-the-secret');
  });

  it('a first pull with a 30-day backfill skips older batches, and later pulls keep that cutoff', async () => {
    emulator.portal.submitBatch({ licenseKey: licenses.backfill, filename: 'old.csv', submittedAt: daysAgo(45), rows: [{ a: 1 }] });
    const recent = emulator.portal.submitBatch({ licenseKey: licenses.backfill, filename: 'new.csv', submittedAt: daysAgo(3), rows: [{ a: 2 }] });
    const first = await pullFeed(deps(), manifest, 'backfill', noRetry);
    expect(first).toMatchObject({ tooOld: 1 });
    expect(first.copied).toEqual([`portal/backfill/portal/${daysAgo(3).slice(0, 10)}/${recent.id}.jsonl`]);
    // Two weeks later the old batch is still before the first pull's cutoff; the recent one was already taken.
    const later = await pullFeed(deps(new PortalTokens(), new Date(NOW.getTime() + 14 * 86_400_000)), manifest, 'backfill', noRetry);
    expect(later).toMatchObject({ copied: [], skipped: 1, tooOld: 1 });
  });
});
