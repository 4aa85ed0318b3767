// The whole pipeline, end to end: a partner file (bench/e2e-files.ts: N rows × 12 columns, 2 % invalid, duplicate
// emails across commits) dropped into the inbox of the local stack, timed until its run is `done`. As deployed, the
// parts run in processes of their own: local AWS (fauxqs + dynalite + S3 notifications), the Flatfile emulator, and
// the functions (ingress, events poller, listener, worker, egress); a fresh set per run, so peak RSS is per run.
//
// Per run: wall time per stage from the ledger's state changes (polled every 100 ms), drop → done, rows/s, CPU per row
// of each process (user + system from /proc: less sensitive than wall time to the other work on the machine), peak
// RSS per process (VmHWM), the floor (csv-parse, or a plain streaming read for XLSX/JSONL, of the same file, in this
// process) and end-to-end / floor. Checks the run's counts against what the generator knows.
//
// Env: BENCH_E2E_PLAN="csv:10000x3,csv:100000x3,csv:1000000x3,jsonl:1000000x1,xlsx:1000000x1" (the default).
// The plan runs in two passes: first one run of every entry, in plan order, whatever the time (so every format and size
// asked for is reported, 1M of each format included); then the repeats, each only if the longest earlier run of its
// entry still fits in BENCH_E2E_BUDGET_S (default 900, the whole bench); a repeat that would not fit is listed as not
// run. Each run has a deadline that grows with its rows, BENCH_E2E_DEADLINE_S + rows × BENCH_E2E_DEADLINE_US_PER_ROW
// (defaults 120 s and 500 µs: 125 s at 10k, 620 s at 1M), never cut short by the budget; a run past its deadline is
// reported as it stood, as a missed target.
// BENCH_E2E_DIR for the generated files (default: the OS temp dir; files are reused when there);
// BENCH_FUNCTIONS_NODE_ARGS / BENCH_EMULATOR_NODE_ARGS / BENCH_AWS_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof");
// BENCH_MEMORY_TRACE=<file>: the functions' process appends process.memoryUsage() and the work under way every 500 ms;
// BENCH_E2E_LABEL names the run in the results ("after" by default); BENCH_E2E_WRITE=0 prints without writing files;
// BENCH_E2E_REPORT_ONLY=1 writes BENCHMARKS.md again from bench/results/latest.json without running anything.
import { spawn, type ChildProcess } from 'node:child_process';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { Upload } from '@aws-sdk/lib-storage';
import { stringify } from 'yaml';
import { buildTopology, hostV8Flags } from '../infra/topology.js';
import { PIPELINE_FUNCTIONS } from '../local/demo.js';
import { createDocumentClient } from '../shared/aws/clients.js';
import { loadManifest } from '../shared/manifest/index.js';
import { Ledger, TERMINAL_STATES, type Run } from '../shared/ledger/index.js';
import { BENCH_FEED, expectedInvalid, floorRead, partnerFile, type BenchFormat } from './e2e-files.js';
import { cpuSecondsOf, peakRssOf } from './proc-stats.js';
import { connectLocalAws, type LocalAwsDescription } from './e2e-stack.js';
import { writeReport, type E2eResult, type Invocations, type Sample } from './e2e-report.js';

const TOKEN = 'bench';
const DIR = process.env.BENCH_E2E_DIR ?? join(tmpdir(), 'flatfeed-bench-e2e');
const DEADLINE_S = Number(process.env.BENCH_E2E_DEADLINE_S ?? 120);
const DEADLINE_US_PER_ROW = Number(process.env.BENCH_E2E_DEADLINE_US_PER_ROW ?? 500);
/**
 * How long one run may take before it is reported as unfinished. Runs seen so far on this machine, at loads of 12–28:
 * 18–44 s at 10k (startup dominates), 40–127 s at 100k, 283–517 s at 1M.
 */
export const deadlineFor = (rows: number) => DEADLINE_S + (rows * DEADLINE_US_PER_ROW) / 1e6;
const BUDGET_S = Number(process.env.BENCH_E2E_BUDGET_S ?? 900);
const PLAN = (process.env.BENCH_E2E_PLAN ?? 'csv:10000x3,csv:100000x3,csv:1000000x3,jsonl:1000000x1,xlsx:1000000x1')
  .split(',')
  .map((s) => {
    const m = /^(csv|xlsx|jsonl):(\d+)(?:x(\d+))?$/.exec(s.trim());
    if (!m) throw new Error(`BENCH_E2E_PLAN: expected <csv|xlsx|jsonl>:<rows>x<runs>, got "${s}"`);
    return { format: m[1] as BenchFormat, rows: Number(m[2]), runs: Number(m[3] ?? 1) };
  });

/** Stages as the ledger shows them: each ends when the run is first seen in the next state. */
const STAGES = [
  ['ingress', 'uploaded'],
  ['extraction', 'mapping'],
  ['mapping', 'validating'],
  ['validation', 'egressing'],
  ['egress', 'done'],
] as const;

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));
const REPORT_FILES = { json: here('./results/latest.json'), markdown: here('../BENCHMARKS.md') };
const args = (v: string | undefined) => (v ?? '').split(/\s+/).filter(Boolean);


interface Child {
  name: string;
  proc: ChildProcess;
  /** Resolves with the first stdout line that parses as JSON; the rest goes to the log. */
  first: Promise<unknown>;
}

function start(name: string, script: string, env: Record<string, string>, nodeArgs: string[], log: NodeJS.WritableStream): Child {
  const proc = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', here(script)], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  proc.stderr!.pipe(log, { end: false });
  const t = performance.now();
  const first = new Promise<unknown>((resolve, reject) => {
    let done = false;
    createInterface({ input: proc.stdout! }).on('line', (line) => {
      if (!done && line.startsWith('{')) {
        try {
          const parsed = JSON.parse(line) as unknown;
          done = true;
          log.write(`[${name}] ready in ${((performance.now() - t) / 1000).toFixed(1)} s\n`);
          resolve(parsed);
          return;
        } catch {
          // a log line that happens to start with a brace
        }
      }
      log.write(`[${name}] ${line}\n`);
    });
    proc.once('exit', (code) => {
      if (!done) reject(new Error(`${name} exited with ${code} before it was ready; see the log`));
    });
  });
  return { name, proc, first };
}

async function stopAll(children: Child[]): Promise<void> {
  await Promise.all(
    children.map(async (c) => {
      if (c.proc.exitCode !== null || c.proc.signalCode !== null) return;
      const exited = new Promise((resolve) => c.proc.once('exit', resolve));
      c.proc.kill('SIGTERM');
      const timer = setTimeout(() => c.proc.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    }),
  );
}

interface Floor {
  seconds: number;
  rows: number;
}

async function oneRun(format: BenchFormat, rows: number, path: string, floor: Floor, manifestPath: string, functionsArgs: string[], log: NodeJS.WritableStream, deadlineS: number): Promise<Sample> {
  const started = performance.now();
  const aws = start('aws', './e2e-aws.ts', { MANIFEST_PATH: manifestPath }, args(process.env.BENCH_AWS_NODE_ARGS), log);
  const emulator = start('emulator', './emulator-server.ts', { EMULATOR_TOKEN: TOKEN }, args(process.env.BENCH_EMULATOR_NODE_ARGS), log);
  const children = [aws, emulator];
  const invocationsFile = join(DIR, `invocations-${process.pid}.json`);
  try {
    const description = (await aws.first) as LocalAwsDescription;
    const { url, environmentId } = (await emulator.first) as { url: string; environmentId: string };
    const functions = start(
      'functions',
      './e2e-functions.ts',
      {
        MANIFEST_PATH: manifestPath,
        BENCH_AWS: JSON.stringify(description),
        FLATFILE_API_URL: url,
        EMULATOR_TOKEN: TOKEN,
        FLATFILE_ENVIRONMENT_ID: environmentId,
        POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN',
        POWERTOOLS_METRICS_DISABLED: 'true',
        BENCH_INVOCATIONS_FILE: invocationsFile,
      },
      functionsArgs,
      log,
    );
    children.push(functions);
    await functions.first;

    const local = connectLocalAws(description);
    const ledger = new Ledger(createDocumentClient(local.clients.dynamodb), description.names.tables.ledger);
    const key = `bench/bench-${rows}.${format}`;
    const cpu0 = Object.fromEntries(children.map((c) => [c.name, cpuSecondsOf(c.proc.pid)]));
    const load0 = loadavg();
    const dropped = performance.now();
    const droppedAt = Date.now();
    await new Upload({ client: local.clients.s3, params: { Bucket: description.names.buckets.inbox, Key: key, Body: createReadStream(path) } }).done();

    const seenAt: Record<string, number> = {};
    let run: Run | undefined;
    while (performance.now() - dropped < deadlineS * 1000) {
      run = (await ledger.listRuns(BENCH_FEED.name)).find((r) => r.key === key && !r.member);
      if (run && seenAt[run.state] === undefined) seenAt[run.state] = (performance.now() - dropped) / 1000;
      if (run && TERMINAL_STATES.includes(run.state)) break;
      await sleep(100);
    }
    const seconds = (performance.now() - dropped) / 1000;
    const cpu = Object.fromEntries(children.map((c) => [c.name, cpuSecondsOf(c.proc.pid) - cpu0[c.name]!]));
    const rss = Object.fromEntries(children.map((c) => [c.name, peakRssOf(c.proc.pid)]));
    local.stop();
    await stopAll([functions]);
    const invocations = JSON.parse(await readFile(invocationsFile, 'utf8').catch(() => '{}')) as Invocations;
    // A run past its deadline, or ended anywhere but done (a failure of the pipeline), is reported as it stood: a
    // missed target in the report, and the bench goes on with the next run.
    const unfinished = !run
      ? `not in the ledger at the ${deadlineS.toFixed(0)} s deadline`
      : !TERMINAL_STATES.includes(run.state)
        ? `still ${run.state} at the ${deadlineS.toFixed(0)} s deadline`
        : run.state !== 'done'
          ? `ended ${run.state} after ${seconds.toFixed(0)} s (${run.reason ?? 'no reason'})`
          : undefined;
    const invalid = expectedInvalid(rows);
    const counts = run?.counts ?? {};
    const countsOk = !unfinished && counts.valid === rows - invalid && counts.invalid === invalid && counts.egressed === rows - invalid && counts.rejected === invalid;
    if (!countsOk) log.write(`counts of ${key}: ${JSON.stringify(counts)}, expected ${rows - invalid} valid and ${invalid} invalid\n`);

    // Where a stage ends: when the ledger says the next one started (its per-stage timeline), else when this bench
    // first saw the run in it (a state held for less than one 100 ms poll is then missed, and its stage ends with
    // the next).
    const timeline = run?.stages as Record<string, { startedAt?: string; endedAt?: string } | undefined> | undefined;
    const ledgerAt = (state: string) => {
      const iso = state === 'done' ? timeline?.egressing?.endedAt : timeline?.[state]?.startedAt;
      return iso ? (Date.parse(iso) - droppedAt) / 1000 : undefined;
    };
    const endOf = (i: number): number => {
      for (const [, next] of STAGES.slice(i)) {
        const at = ledgerAt(next) ?? seenAt[next];
        if (at !== undefined) return at;
      }
      return seconds;
    };
    const stages: Record<string, number> = {};
    let from = 0;
    STAGES.forEach(([stage], i) => {
      const at = endOf(i);
      stages[stage] = Math.max(0, at - from);
      from = Math.max(from, at);
    });
    const ledgerStages = timeline as Sample['ledgerStages'];
    return {
      format,
      rows,
      seconds,
      stages,
      ...(ledgerStages ? { ledgerStages } : {}),
      cpuSeconds: cpu,
      invocations,
      peakRssBytes: rss,
      floorSeconds: floor.seconds,
      floorRows: floor.rows,
      counts: { ...counts },
      countsOk,
      ...(unfinished ? { unfinished } : {}),
      load: { before: load0, after: loadavg() },
      setupSeconds: (dropped - started) / 1000,
    };
  } finally {
    await stopAll(children);
  }
}

export default async function run(): Promise<void> {
  if (process.env.BENCH_E2E_REPORT_ONLY === '1') {
    // BENCHMARKS.md again from the figures already in bench/results/latest.json (the report's text changed).
    const result = JSON.parse(await readFile(here('./results/latest.json'), 'utf8')) as E2eResult;
    await writeReport(result, REPORT_FILES);
    return;
  }
  const started = Date.now();
  await mkdir(DIR, { recursive: true });
  const manifestPath = join(DIR, 'feeds.yaml');
  await writeFile(manifestPath, stringify({ version: 1, feeds: [BENCH_FEED] }));
  const logPath = join(DIR, 'e2e.log');
  const log = createWriteStream(logPath);
  // The functions' process sizes V8 as their Lambdas do (the topology's caps, tightest of those it hosts), not as
  // this machine's 24 GiB would have it (a 4.2 GiB heap and 64 MiB semi-spaces, where a 1,024 MiB Lambda gets 560 MiB
  // and 16 MiB); BENCH_FUNCTIONS_NODE_ARGS come after, so they win.
  const hosted = buildTopology(await loadManifest(manifestPath)).functions.filter((f) => PIPELINE_FUNCTIONS.includes(f.id));
  const functionsArgs = [...hostV8Flags(hosted), ...args(process.env.BENCH_FUNCTIONS_NODE_ARGS)];
  console.log(`end to end: plan ${PLAN.map((p) => `${p.format}:${p.rows}x${p.runs}`).join(', ')}; functions' node flags ${functionsArgs.join(' ') || 'none'}; files and log (${logPath}) under ${DIR}`);

  const samples: Sample[] = [];
  const notRun: string[] = [];
  const left = () => BUDGET_S - (Date.now() - started) / 1000;
  // First one run of every entry, then the repeats (see the header): every format and size asked for is reported.
  const queue = [...PLAN.map((p) => ({ ...p, i: 1 })), ...PLAN.flatMap((p) => Array.from({ length: p.runs - 1 }, (_, k) => ({ ...p, i: k + 2 })))];
  const files = new Map<string, { path: string; size: number; made: number; floor: Floor }>();
  /** Wall seconds of each run, start of its processes to their end, by entry: what a repeat is expected to take. */
  const took = new Map<string, number>();
  for (const { format, rows, runs, i } of queue) {
    const entry = `${format}:${rows}`;
    if (i > 1 && (took.get(entry) ?? 0) > left()) {
      notRun.push(`${entry} run ${i}/${runs}`);
      continue;
    }
    let file = files.get(entry);
    if (!file) {
      const t = performance.now();
      const path = await partnerFile(DIR, format, rows);
      const made = (performance.now() - t) / 1000;
      // The floor is the file's, measured once per bench, before the first run reads it (the page cache is warm
      // for both: the file was just made or read).
      file = { path, size: (await stat(path)).size, made, floor: await floorRead(path, format) };
      files.set(entry, file);
    }
    const t = performance.now();
    const s = await oneRun(format, rows, file.path, file.floor, manifestPath, functionsArgs, log, deadlineFor(rows));
    const wall = (performance.now() - t) / 1000;
    took.set(entry, Math.max(took.get(entry) ?? 0, wall));
    samples.push(s);
    const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
    console.log(
      `${format.padEnd(5)} ${fmt(rows).padStart(9)} rows (${(file.size / 2 ** 20).toFixed(0)} MiB${i === 1 && file.made > 1 ? `, made in ${file.made.toFixed(0)} s` : ''}) run ${i}/${runs}: ` +
        `${s.seconds.toFixed(1)} s, ${fmt(rows / s.seconds)} rows/s; ` +
        `${STAGES.map(([st]) => `${st} ${s.stages[st]!.toFixed(1)}`).join(', ')} s; ` +
        `CPU µs/row ${Object.entries(s.cpuSeconds).map(([k, v]) => `${k} ${((v * 1e6) / rows).toFixed(0)}`).join(', ')}; ` +
        `peak RSS MiB ${Object.entries(s.peakRssBytes).map(([k, v]) => `${k} ${(v / 2 ** 20).toFixed(0)}`).join(', ')}; ` +
        `floor ${s.floorSeconds.toFixed(2)} s (×${(s.seconds / s.floorSeconds).toFixed(0)}); ` +
        `${s.unfinished ? `UNFINISHED: ${s.unfinished}` : `counts ${s.countsOk ? 'as expected' : `WRONG ${JSON.stringify(s.counts)}`}`}; ` +
        `load ${s.load.before.map((l) => l.toFixed(1)).join(' ')} → ${s.load.after.map((l) => l.toFixed(1)).join(' ')}; ` +
        `processes up in ${s.setupSeconds?.toFixed(1)} s, run with them ${wall.toFixed(0)} s; ${left().toFixed(0)} s of the budget left`,
    );
  }
  log.end();
  const result: E2eResult = {
    label: process.env.BENCH_E2E_LABEL ?? 'after',
    date: new Date().toISOString(),
    node: process.version,
    functionsNodeArgs: functionsArgs,
    machine: { cpus: availableParallelism(), model: cpus()[0]?.model ?? 'unknown', memoryGiB: Math.round(totalmem() / 2 ** 30) },
    wallSeconds: (Date.now() - started) / 1000,
    budgetSeconds: BUDGET_S,
    ...(notRun.length > 0 ? { notRun } : {}),
    samples,
  };
  if (notRun.length > 0) console.log(`not run (they would not have fitted in the ${BUDGET_S} s budget): ${notRun.join(', ')}`);
  if (process.env.BENCH_E2E_KEEP === '1') {
    // Keep the earlier result's samples of the formats and sizes this plan did not run (e.g. 1M run on its own).
    const earlier = JSON.parse(await readFile(here('./results/latest.json'), 'utf8')) as E2eResult;
    const planned = new Set(PLAN.map((p) => `${p.format}:${p.rows}`));
    result.samples = [...earlier.samples.filter((s) => !planned.has(`${s.format}:${s.rows}`)), ...samples];
    result.note = [earlier.note, `Samples of ${[...planned].join(', ')} from a later run (${result.date.slice(0, 16)}), the others from ${earlier.date.slice(0, 16)}.`].filter(Boolean).join(' ');
    delete result.wallSeconds;
  }
  if (process.env.BENCH_E2E_WRITE === '0') return;
  await writeReport(result, REPORT_FILES);
  console.log(`wrote bench/results/latest.json and BENCHMARKS.md (${((Date.now() - started) / 1000).toFixed(0)} s in all)`);
}
