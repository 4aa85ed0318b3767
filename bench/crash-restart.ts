// Crash and restart of `flatfeed dev --data-dir` (issue #12), one kill point at a time: a fresh data directory,
// `flatfeed dev` started as a child process (its own process group), a partner file (bench/e2e-files.ts: 12 columns,
// 2 % invalid) dropped into the inbox, the whole group killed with SIGKILL as soon as the run is seen in the kill
// point's state (the ledger polled every 100 ms), dev started again on the same directory, and the run followed to
// its end. The verdict: the run ends `done` exactly once — one upload (one Flatfile file), one mapping job, one
// egress job, one outbox object and one rejects object, one terminal notice — with counts that reconcile with what
// the generator knows. Used by bench/crash.bench.ts and test/e2e/crash-restart.e2e.test.ts.
import { spawn, type ChildProcess } from 'node:child_process';
import { createReadStream, existsSync, openSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { GetQueueUrlCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { Upload } from '@aws-sdk/lib-storage';
import { FlatfileClient } from '@flatfile/api';
import { stringify } from 'yaml';
import { createDocumentClient } from '../shared/aws/clients.js';
import { Ledger, TERMINAL_STATES, type Run } from '../shared/ledger/index.js';
import type { RunNotice } from '../shared/notify/outbound.js';
import { EGRESS_OPERATION } from '../shared/work/messages.js';
import type { DevStack } from '../cli/dev-file.js';
import { BENCH_FEED, expectedInvalid } from './e2e-files.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TOKEN = 'flatfeed-local'; // the emulator's token in `flatfeed dev` (local/pipeline.ts)

interface Dev {
  child: ChildProcess;
  stack: DevStack;
  s3: S3Client;
  sqs: SQSClient;
  ledger: Ledger;
  api: FlatfileClient;
  destroy(): void;
}

/** `flatfeed dev --data-dir` in its own process group, once it has written its dev file. */
async function startDev(home: string, dataDir: string, manifest: string, log: string): Promise<Dev> {
  const devFile = join(home, '.flatfeed/dev.json');
  // The previous (killed) dev's file is stale: the next one written is this dev's (bin/flatfeed.js may start the
  // CLI as a child of its own, so the pid in it is not necessarily the child's).
  await rm(devFile, { force: true });
  const out = openSync(log, 'a');
  const child = spawn(process.execPath, [join(ROOT, 'bin/flatfeed.js'), 'dev', '--data-dir', dataDir, '--manifest', manifest], {
    cwd: home,
    detached: true,
    stdio: ['ignore', out, out],
    env: { ...process.env, FLATFILE_API_KEY: '', FLATFILE_ENVIRONMENT_ID: '' },
  });
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`flatfeed dev exited with ${child.exitCode}; see ${log}`);
    if (existsSync(devFile)) {
      let stack: DevStack | undefined;
      try {
        stack = JSON.parse(readFileSync(devFile, 'utf8')) as DevStack;
      } catch {
        // caught while dev was still writing it: read it again on the next round
      }
      if (stack) {
        const base = { region: stack.env.AWS_REGION!, credentials: { accessKeyId: stack.env.AWS_ACCESS_KEY_ID!, secretAccessKey: stack.env.AWS_SECRET_ACCESS_KEY! } };
        const s3 = new S3Client({ ...base, endpoint: stack.env.AWS_ENDPOINT_URL_S3!, forcePathStyle: true });
        const sqs = new SQSClient({ ...base, endpoint: stack.env.AWS_ENDPOINT_URL_SQS! });
        const dynamodb = new DynamoDBClient({ ...base, endpoint: stack.env.AWS_ENDPOINT_URL_DYNAMODB! });
        const api = new FlatfileClient({ token: TOKEN, ...(stack.flatfile.apiUrl ? { apiUrl: stack.flatfile.apiUrl } : {}) });
        return {
          child,
          stack,
          s3,
          sqs,
          api,
          ledger: new Ledger(createDocumentClient(dynamodb), stack.tables.ledger),
          destroy: () => [s3, sqs, dynamodb].forEach((c) => c.destroy()),
        };
      }
    }
    if (Date.now() > deadline) throw new Error(`flatfeed dev did not come up in 180 s; see ${log}`);
    await sleep(200);
  }
}

const exited = (child: ChildProcess) => new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));

const groupAlive = (pgid: number) => {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Signals dev's whole process group (bin/flatfeed.js and the CLI it starts) and waits until all of it is gone. */
async function killGroup(dev: Dev, signal: NodeJS.Signals): Promise<void> {
  const pgid = dev.child.pid!;
  try {
    process.kill(-pgid, signal);
  } catch {
    // already gone
  }
  await exited(dev.child);
  // A graceful stop gets 30 s; whatever of the group is left then is killed.
  for (const deadline = Date.now() + 30_000; groupAlive(pgid) && Date.now() < deadline; ) await sleep(200);
  if (groupAlive(pgid)) process.kill(-pgid, 'SIGKILL');
  for (const deadline = Date.now() + 10_000; groupAlive(pgid) && Date.now() < deadline; ) await sleep(100);
  dev.destroy();
}

const runOf = async (ledger: Ledger, key: string) => (await ledger.listRuns(BENCH_FEED.name)).find((r) => r.key === key && !r.member);

export interface Verdict {
  point: string;
  killedIn: string;
  dropToKillS: number;
  restartToEndS: number;
  state: string;
  checks: string[];
  ok: boolean;
  /** Platform jobs the emulator ran again after the restart. */
  resumedJobs: number;
}

export interface Scenario {
  /** The state the run is seen in when dev is killed. */
  point: Run['state'];
  /** The partner file (bench/e2e-files.ts) and its row count. */
  file: string;
  rows: number;
  /** A manifest with BENCH_FEED (writeCrashManifest). */
  manifest: string;
  /** Where the scenario's data directory and dev log go (kept when it fails). */
  dir: string;
  deadlineS: number;
  log?: (line: string) => void;
}

/** One kill point: drop, kill -9 the group in the state, restart on the same data directory, follow, check. */
export async function crashScenario({ point, file, rows: ROWS, manifest, dir, deadlineS: DEADLINE_S, log: say = console.log }: Scenario): Promise<Verdict> {
  const home = await mkdtemp(join(dir, `kill-${point}-`));
  const dataDir = join(home, 'data');
  const log = join(home, 'dev.log');
  const key = `bench/crash-${point}-${ROWS}.csv`;
  let dev = await startDev(home, dataDir, manifest, log);
  const dropped = Date.now();
  await new Upload({ client: dev.s3, params: { Bucket: dev.stack.buckets.inbox!, Key: key, Body: createReadStream(file) } }).done();

  // Kill the whole group (dev and everything it started) the moment the run is seen in the state.
  let killedIn = 'never seen';
  for (const deadline = Date.now() + DEADLINE_S * 1000; Date.now() < deadline; ) {
    const run = await runOf(dev.ledger, key).catch(() => undefined);
    if (run && (run.state === point || TERMINAL_STATES.includes(run.state) || stageIndex(run.state) > stageIndex(point))) {
      killedIn = run.state;
      break;
    }
    await sleep(100);
  }
  await killGroup(dev, 'SIGKILL');
  const dropToKillS = (Date.now() - dropped) / 1000;
  say(`  ${point}: killed with the run in ${killedIn} after ${dropToKillS.toFixed(1)} s; restarting`);

  const restarted = Date.now();
  dev = await startDev(home, dataDir, manifest, log);
  let run: Run | undefined;
  for (const deadline = Date.now() + DEADLINE_S * 1000; Date.now() < deadline; ) {
    run = await runOf(dev.ledger, key).catch(() => run);
    if (run && TERMINAL_STATES.includes(run.state)) break;
    await sleep(500);
  }
  const restartToEndS = (Date.now() - restarted) / 1000;
  // Late duplicates (a redelivery, the watchdog) would show within a few seconds more.
  await sleep(10_000);
  const checks = run ? await check(dev, run, ROWS) : ['the run was never found in the ledger'];
  await killGroup(dev, 'SIGINT');
  // What the restarted emulator picked up again (emulator/jobs.ts resume), from dev's log.
  const resumed = /resumed (\d+) platform job/.exec(readFileSync(log, 'utf8'))?.[1] ?? '0';
  const verdict = { point, killedIn, dropToKillS, restartToEndS, state: run?.state ?? 'missing', checks, ok: checks.length === 0, resumedJobs: Number(resumed) };
  if (verdict.ok) await rm(home, { recursive: true, force: true });
  else say(`  ${point}: data directory and dev log kept in ${home}`);
  return verdict;
}

const STAGES = ['received', 'uploaded', 'extracting', 'mapping', 'validating', 'egressing'];
const stageIndex = (s: string) => STAGES.indexOf(s);

/** Everything that must hold for "done exactly once"; returns the failures. */
async function check(dev: Dev, run: Run, ROWS: number): Promise<string[]> {
  const failures: string[] = [];
  const expect = (ok: boolean, what: string) => {
    if (!ok) failures.push(what);
  };
  const finalRun = (await dev.ledger.getRun(run.runId))!;
  expect(finalRun.state === 'done', `state ${finalRun.state}${finalRun.reason ? ` (${finalRun.reason})` : ''}`);
  const invalid = expectedInvalid(ROWS);
  const want = { rowsRead: ROWS, recordsCreated: ROWS, valid: ROWS - invalid, invalid, egressed: ROWS - invalid, rejected: invalid };
  for (const [k, v] of Object.entries(want)) {
    const got = finalRun.counts[k as keyof typeof want];
    expect(got === v, `counts.${k} ${got} ≠ ${v}`);
  }
  const spaceId = finalRun.spaceId!;
  const files = (await dev.api.files.list({ spaceId, pageSize: 1000 })).data.filter((f) => f.mode !== 'export' && f.name.includes(`crash-${finalRun.key.split('crash-')[1]!.replace(/\.csv$/, '')}`));
  expect(files.length === 1, `${files.length} uploads (Flatfile files) of the drop`);
  const jobs = (await dev.api.jobs.list({ spaceId, pageSize: 1000 })).data.filter((j) => (j.input as { flatfeed?: { runId?: string } })?.flatfeed?.runId === run.runId);
  const maps = jobs.filter((j) => j.operation === 'map');
  const egress = jobs.filter((j) => j.operation === EGRESS_OPERATION);
  expect(maps.length === 1, `${maps.length} mapping jobs (${maps.map((j) => j.status).join(', ')})`);
  expect(egress.length === 1, `${egress.length} egress jobs (${egress.map((j) => j.status).join(', ')})`);
  for (const bucket of [dev.stack.buckets.outbox!, dev.stack.buckets.rejects!]) {
    const listed = await dev.s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: BENCH_FEED.name }));
    const mine = (listed.Contents ?? []).filter((o) => o.Key?.includes(run.runId));
    expect(mine.length === 1, `${mine.length} objects of the run in ${bucket}`);
  }
  const { QueueUrl } = await dev.sqs.send(new GetQueueUrlCommand({ QueueName: 'flatfeed-outbound' }));
  const notices: RunNotice[] = [];
  for (;;) {
    const r = await dev.sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0, VisibilityTimeout: 60 }));
    if (!r.Messages?.length) break;
    notices.push(...r.Messages.map((m) => JSON.parse(m.Body!) as RunNotice));
  }
  const ends = notices.filter((n) => n.runId === run.runId && TERMINAL_STATES.includes(n.status));
  expect(ends.length === 1 && ends[0]!.status === 'done', `terminal notices: ${ends.map((n) => n.status).join(', ') || 'none'}`);
  return failures;
}

/** The manifest the scenarios run: the bench feed alone (its mapping is certain, so runs need no person). */
export async function writeCrashManifest(dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  const manifest = join(dir, 'feeds.yaml');
  await writeFile(manifest, stringify({ version: 1, feeds: [BENCH_FEED] }));
  return manifest;
}

export function verdictLine(v: Verdict): string {
  return `${v.point.padEnd(12)} ${v.killedIn.padEnd(12)} ${`${v.dropToKillS.toFixed(1)} s`.padStart(9)}  ${`${v.restartToEndS.toFixed(1)} s`.padStart(11)}  ${v.state.padEnd(6)} ${String(v.resumedJobs).padStart(7)}  ${v.ok ? 'PASS: done exactly once, counts reconciled' : `FAIL: ${v.checks.join('; ')}`}`;
}
