import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { Upload } from '@aws-sdk/lib-storage';
import type { FunctionId } from '../infra/topology.js';
import { createDocumentClient } from '../shared/aws/clients.js';
import { Ledger, TERMINAL_STATES, type Run, type RunCounts, type RunState } from '../shared/ledger/index.js';
import { DEFAULT_MANIFEST_PATH, loadManifest } from '../shared/manifest/index.js';
import { copyOutputs } from './copy-outputs.js';
import { startPipeline, type FlatfileTarget } from './pipeline.js';
import { progressText } from './run-progress.js';
import { watchRuns } from './run-watch.js';
import type { Progress } from './run-timeline.js';
import { compareWithExpected, loadExpected } from './expected.js';
import { listSamples, type Sample } from './samples.js';
import { SetupError } from './setup-error.js';

/** The functions a dropped file passes through, and the watchdog over them; the webhook (events are polled) and scheduled pulls are not needed. */
export const PIPELINE_FUNCTIONS: FunctionId[] = ['ingress', 'eventsPoller', 'listener', 'worker', 'egress', 'watchdog'];

export interface DemoOptions {
  manifestPath?: string;
  samplesDir?: string;
  /** Where the runs' outputs are copied to, as `<outDir>/<bucket>/<key>`; emptied first. */
  outDir?: string;
  /** Real Flatfile instead of the emulator. */
  flatfile?: FlatfileTarget;
  /** A guard against a stuck pipeline: after this long the demo reports what it has and fails. */
  deadlineMs?: number;
  print?: (line: string) => void;
}

/** What became of one sample. */
export interface DemoRow {
  feed: string;
  /** `<feed>/<file>`, as samples/expected.json names it. */
  sample: string;
  key: string;
  /** The run's last state seen, or `missing` when no run appeared. */
  state: RunState | 'missing';
  counts: RunCounts;
  /** The run's objects (s3:// URLs) and where the demo copied them. */
  outputs: string[];
  copies: string[];
  /** From the drop until the run's last update; undefined when the deadline came before the drop. */
  seconds?: number;
  reason?: string;
  runId?: string;
  /** Where it differs from samples/expected.json; empty when it is as expected. */
  problems: string[];
}

export interface DemoResult {
  rows: DemoRow[];
  ok: boolean;
  /** True when the deadline ended the demo before every run finished. */
  timedOut: boolean;
  outDir: string;
  elapsedMs: number;
}

/**
 * `npm start`: the whole pipeline on this machine. Starts the embedded stack, drops every sample into its feed's inbox
 * prefix, prints a line each time a run changes state, then copies the outputs out and compares every run with
 * samples/expected.json.
 */
export async function runDemo(options: DemoOptions = {}): Promise<DemoResult> {
  const started = Date.now();
  const print = options.print ?? ((line: string) => console.log(line));
  const samplesDir = options.samplesDir ?? 'samples';
  const outDir = options.outDir ?? '.flatfeed/out';
  const deadline = started + (options.deadlineMs ?? 100_000);
  const manifestPath = options.manifestPath ?? DEFAULT_MANIFEST_PATH;
  const manifest = await loadManifest(manifestPath);
  const samples = await listSamples(samplesDir, manifest);
  if (samples.length === 0) throw new SetupError(`no sample files under ${samplesDir}/<feed name>/ (feeds: ${manifest.feeds.map((f) => f.name).join(', ')})`);
  const expected = await loadExpected(samplesDir);

  print(`Starting the local stack: S3 + SQS (fauxqs), DynamoDB (dynalite), ${options.flatfile ? `Flatfile at ${options.flatfile.apiUrl ?? 'https://platform.flatfile.com/api'}` : 'the Flatfile emulator'} …`);
  const pipeline = await startPipeline({
    manifest,
    manifestPath,
    functions: PIPELINE_FUNCTIONS,
    scheduleEverySeconds: 1,
    ...(options.flatfile ? { flatfile: options.flatfile } : {}),
  });
  try {
    const { local } = pipeline;
    const ledger = new Ledger(createDocumentClient(local.clients.dynamodb), local.names.tables.ledger);
    const since = new Date().toISOString();
    const byKey = new Map(samples.map((s) => [s.key, s]));
    const clock = () => `${((Date.now() - started) / 1000).toFixed(1).padStart(5)}s`;
    const say = (run: Run, previous?: Progress) => {
      const sample = byKey.get(run.key);
      if (sample && !run.member) print(`  ${clock()}  ${sample.sample.padEnd(width(samples))}  ${progressText(run, previous)}`);
    };
    const watch = watchRuns({
      ledger,
      feeds: manifest.feeds.map((f) => f.name),
      since,
      onChange: (run) => say(run),
      onProgress: (run, previous) => say(run, previous),
    });

    const runOf = (s: Sample) => [...watch.runs().values()].find((r) => r.key === s.key && !r.member);
    const finished = (s: Sample) => {
      const state = runOf(s)?.state;
      return state !== undefined && TERMINAL_STATES.includes(state);
    };
    const inbox = local.names.buckets.inbox;
    print(`Dropping ${samples.length} sample file(s) into s3://${inbox}/ …`);
    const droppedAt = new Map<Sample, number>();
    // All at once, as partners do: each run has its own destination workbook, so runs never mix.
    await Promise.all(
      samples.map(async (s) => {
        droppedAt.set(s, Date.now());
        await new Upload({ client: local.clients.s3, params: { Bucket: inbox, Key: s.key, Body: createReadStream(s.path) } }).done();
      }),
    );
    while (!samples.every(finished) && Date.now() < deadline) await sleep(200);
    await watch.stop();
    await watch.poll();
    const timedOut = !samples.every(finished);
    if (timedOut) print(`Deadline of ${((deadline - started) / 1000).toFixed(0)} s reached with runs still unfinished.`);

    await rm(outDir, { recursive: true, force: true });
    const rows: DemoRow[] = [];
    for (const s of samples) {
      const run = runOf(s);
      const outputs = run?.outputs ?? [];
      const copies = await copyOutputs(local.clients.s3, outputs, outDir);
      const row: Omit<DemoRow, 'problems'> = {
        feed: s.feed,
        sample: s.sample,
        key: s.key,
        state: run?.state ?? 'missing',
        counts: run?.counts ?? {},
        outputs,
        copies,
        ...(droppedAt.has(s) ? { seconds: ((run ? Date.parse(run.updatedAt) : Date.now()) - droppedAt.get(s)!) / 1000 } : {}),
        ...(run?.reason ? { reason: run.reason } : {}),
        ...(run ? { runId: run.runId } : {}),
      };
      rows.push({ ...row, problems: compareWithExpected(row, expected[s.sample]) });
    }
    return { rows, ok: !timedOut && rows.every((r) => r.problems.length === 0), timedOut, outDir, elapsedMs: Date.now() - started };
  } finally {
    await pipeline.stop();
  }
}

const width = (samples: Sample[]) => Math.max(...samples.map((s) => s.sample.length));
