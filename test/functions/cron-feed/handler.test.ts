import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { buildTopology, type Topology } from '../../../infra/topology.js';
import { applyLocalEnv, startLocalAws, type LocalAws } from '../../../local/aws.js';
import { lambdaContext } from '../../../local/lambda-context.js';
import { createDocumentClient } from '../../../shared/aws/clients.js';
import { Ledger } from '../../../shared/ledger/index.js';
import { pullManifest } from '../../shared/pull/support.js';

type Handler = (event: unknown, context: unknown) => Promise<unknown>;

// Hourly at :00 with no grace: a run written now is always after the previous deadline, so the verdicts below do not
// depend on the time the suite runs.
const hourly = { cron: '0 * * * ? *', timezone: 'Europe/Berlin', graceMinutes: 0 };
const manifest = pullManifest([
  { name: 'fresh', inboxPrefix: 'fresh/', pull: { type: 's3', bucket: 'partner-drop', prefix: 'out/', schedule: { cron: '0 6 * * ? *' } }, cadence: hourly },
  { name: 'late', inboxPrefix: 'late/', pull: { type: 's3', bucket: 'no-such-bucket', schedule: { cron: '0 6 * * ? *' } }, cadence: hourly },
]);

interface Emf {
  _aws: { CloudWatchMetrics: { Dimensions: string[][]; Metrics: { Name: string }[] }[] };
  [key: string]: unknown;
}

describe('cron-feed handler (EventBridge Scheduler inputs, local stack)', () => {
  let local: LocalAws;
  let topology: Topology;
  let handler: Handler;
  let dir: string;
  let emf: Emf[];
  const restores: (() => void)[] = [];

  beforeAll(async () => {
    topology = buildTopology(manifest);
    local = await startLocalAws({ topology });
    dir = mkdtempSync(join(tmpdir(), 'flatfeed-cron-feed-'));
    const manifestPath = join(dir, 'feeds.yaml');
    writeFileSync(manifestPath, JSON.stringify({ version: 1, feeds: manifest.feeds }));
    restores.push(
      applyLocalEnv({
        env: {
          ...local.env,
          LEDGER_TABLE: local.names.tables.ledger,
          INBOX_BUCKET: local.names.buckets.inbox,
          MANIFEST_PATH: manifestPath,
          POWERTOOLS_METRICS_DISABLED: 'false',
        },
      }),
    );
    await local.clients.s3.send(new CreateBucketCommand({ Bucket: 'partner-drop' }));
    await local.clients.s3.send(new PutObjectCommand({ Bucket: 'partner-drop', Key: 'out/today.csv', Body: 'id\n1\n' }));
    ({ handler } = (await import('../../../functions/cron-feed/handler.js')) as unknown as { handler: Handler });
  });
  beforeEach(() => {
    emf = [];
    const write = process.stdout.write.bind(process.stdout) as (...args: unknown[]) => boolean;
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation(((chunk: string | Uint8Array, ...rest: unknown[]) => {
      let handlerOutput = false;
      for (const line of String(chunk).split('\n')) {
        if (line.includes('"_aws"')) emf.push(JSON.parse(line) as Emf);
        if (line.startsWith('{"_aws"') || line.startsWith('{"level"')) handlerOutput = true;
      }
      // The handler's metrics and logs are read here, not printed: a passing run stays quiet.
      return handlerOutput ? true : write(chunk, ...rest);
    }) as typeof process.stdout.write);
    return () => spy.mockRestore();
  });
  afterAll(async () => {
    for (const restore of restores.reverse()) restore();
    await local?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const invoke = (input: unknown) => handler(input, lambdaContext(topology.functions.find((f) => f.id === 'cronFeed')!, local.region));
  const metric = (name: string, feed: string) =>
    emf.filter((e) => e.feed === feed && e._aws.CloudWatchMetrics.some((m) => m.Metrics.some((x) => x.Name === name))).map((e) => e[name]);

  it('pull: copies the source into the inbox through the real wiring and counts the file', async () => {
    const outcome = await invoke(topology.schedules.find((s) => s.id === 'pull-fresh')!.input);
    expect(outcome).toMatchObject({ ok: true, report: { copied: ['fresh/today.csv'] } });
    const got = await local.clients.s3.send(new GetObjectCommand({ Bucket: local.names.buckets.inbox, Key: 'fresh/today.csv' }));
    expect(await got.Body!.transformToString()).toBe('id\n1\n');
    expect(metric('FilesPulled', 'fresh')).toEqual([1]);
  });

  it('pull: a misconfigured source is reported and counted, not thrown (no scheduler retries)', async () => {
    const outcome = await invoke({ action: 'pull', feed: 'late' });
    expect(outcome).toMatchObject({ ok: false, feed: 'late', problem: 'not-found' });
    expect(metric('PullMisconfigured', 'late')).toEqual([1]);
  });

  it('check-cadence: FeedStale 1 for a feed without a recent run, 0 for one with', async () => {
    const ledger = new Ledger(createDocumentClient(local.clients.dynamodb), local.names.tables.ledger);
    await ledger.createRun({ runId: 'run_fresh', feed: 'fresh', bucket: 'inbox', key: 'fresh/today.csv', etag: '"e"', state: 'done' });

    const reports = await invoke(topology.schedules.find((s) => s.id === 'feed-cadence')!.input);
    expect(reports).toMatchObject([
      { feed: 'fresh', stale: false },
      { feed: 'late', stale: true },
    ]);
    expect(metric('FeedStale', 'fresh')).toEqual([0]);
    expect(metric('FeedStale', 'late')).toEqual([1]);
    expect(metric('MinutesSinceLastFile', 'fresh')).toHaveLength(1);
    expect(metric('MinutesSinceLastFile', 'late')).toEqual([]);
    const stale = emf.find((e) => e.feed === 'late')!;
    expect(stale._aws.CloudWatchMetrics[0]!.Dimensions).toEqual([['feed']]);
  });

  it('rejects an input that is not a schedule of ours', async () => {
    await expect(invoke({ action: 'explode' })).rejects.toThrow();
  });
});
