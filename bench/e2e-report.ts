// The end-to-end benchmark's results: bench/results/latest.json (every run's figures) and BENCHMARKS.md (medians with
// min–max per format and size, the targets met or missed, and the "before" table from bench/results/before.json).
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/** Invocations of the functions by kind (`worker:validate`, `egress`…): how long one Lambda invocation would run. */
export interface Invocations {
  [kind: string]: { count: number; totalSeconds: number; maxSeconds: number };
}

export interface Sample {
  format: string;
  rows: number;
  /** Drop → done, wall clock. */
  seconds: number;
  /** Wall seconds per stage, from the ledger's state changes. */
  stages: Record<string, number>;
  /** The ledger's own per-stage timeline, where the run records one. */
  ledgerStages?: Record<string, { startedAt?: string; endedAt?: string }>;
  /** CPU seconds (user + system) per process during the run. */
  cpuSeconds: Record<string, number>;
  invocations?: Invocations;
  peakRssBytes: Record<string, number>;
  floorSeconds: number;
  floorRows: number;
  counts: Record<string, number | undefined>;
  countsOk: boolean;
  /** Why the run did not reach done within the bench's deadline (its figures are as it stood then). */
  unfinished?: string;
  /** 1, 5 and 15-minute load averages before the drop and at done. */
  load: { before: number[]; after: number[] };
}

export interface E2eResult {
  label: string;
  date: string;
  node: string;
  machine: { cpus: number; model: string; memoryGiB: number };
  /** The whole bench, wall clock; absent for a result put together by hand (see `note`). */
  wallSeconds?: number;
  /** The bench's time budget (BENCH_E2E_BUDGET_S), and the planned runs it left out for lack of time. */
  budgetSeconds?: number;
  notRun?: string[];
  note?: string;
  samples: Sample[];
}

const TARGETS = { seconds1M: 60, linearity: 1.3, functionsRssMiB: 512, emulatorRssMiB: 1536 };

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
const int = (n: number) => Math.round(n).toLocaleString('en-US');
const mib = (bytes: number) => Math.round(bytes / 2 ** 20);
/** "median (min–max)", or the one value when there is one run. */
function spread(values: number[], f: (n: number) => string): string {
  if (values.length === 1) return f(values[0]!);
  return `${f(median(values))} (${f(Math.min(...values))}–${f(Math.max(...values))})`;
}

function groups(samples: Sample[]): Sample[][] {
  const by = new Map<string, Sample[]>();
  for (const s of samples) {
    const k = `${s.format}:${s.rows}`;
    by.set(k, [...(by.get(k) ?? []), s]);
  }
  return [...by.values()];
}

/** The scale table: one row per format and size. */
export function scaleTable(result: E2eResult): string {
  const stageNames = ['ingress', 'extraction', 'mapping', 'validation', 'egress'];
  const lines = [
    `| file | runs | drop → done s | rows/s | ${stageNames.join(' s | ')} s | CPU µs/row functions / emulator / AWS | peak RSS MiB functions / emulator / AWS | floor s | e2e / floor | counts | load (1-min) |`,
    `|---|---|---|---|${stageNames.map(() => '---|').join('')}---|---|---|---|---|---|`,
  ];
  for (const g of groups(result.samples)) {
    const { format, rows } = g[0]!;
    const per = (proc: string) => spread(g.map((s) => (s.cpuSeconds[proc]! * 1e6) / rows), (n) => n.toFixed(0));
    const rss = (proc: string) => String(Math.max(...g.map((s) => mib(s.peakRssBytes[proc]!))));
    lines.push(
      `| ${format} ${int(rows)} | ${g.length} | ${spread(g.map((s) => s.seconds), (n) => n.toFixed(1))} | ${spread(g.map((s) => rows / s.seconds), int)} | ` +
        `${stageNames.map((st) => spread(g.map((s) => s.stages[st] ?? NaN), (n) => n.toFixed(1))).join(' | ')} | ` +
        `${per('functions')} / ${per('emulator')} / ${per('aws')} | ${rss('functions')} / ${rss('emulator')} / ${rss('aws')} | ` +
        `${spread(g.map((s) => s.floorSeconds), (n) => n.toFixed(2))} | ${spread(g.map((s) => s.seconds / s.floorSeconds), (n) => n.toFixed(0))} | ` +
        `${g.find((s) => s.unfinished)?.unfinished ?? (g.every((s) => s.countsOk) ? 'as expected' : 'WRONG')} | ${g.map((s) => s.load.before[0]!.toFixed(1)).join(', ')} |`,
    );
  }
  return lines.join('\n');
}

/** One Lambda invocation per kind of work at the largest size: the longest, and how many there were. */
function invocationTable(result: E2eResult): string {
  const lines = ['| file | invocation kind | invocations | longest s | total s |', '|---|---|---|---|---|'];
  for (const g of groups(result.samples)) {
    const s = g[g.length - 1]!;
    if (s.rows < 1_000_000 || !s.invocations) continue;
    for (const [kind, v] of Object.entries(s.invocations).sort()) {
      lines.push(`| ${s.format} ${int(s.rows)} | ${kind} | ${int(v.count)} | ${v.maxSeconds.toFixed(1)} | ${v.totalSeconds.toFixed(1)} |`);
    }
  }
  return lines.length > 2 ? lines.join('\n') : '(no run at 1,000,000 rows in this result)';
}

/** Every target, met or missed, with its figure. */
export function targets(result: E2eResult): string[] {
  const out: string[] = [];
  const at = (format: string, rows: number) => result.samples.filter((s) => s.format === format && s.rows === rows);
  const csv1M = at('csv', 1_000_000);
  const csv100k = at('csv', 100_000);
  if (csv1M.length === 0) out.push('- 1M-row CSV: **not run** in this result, so the 60 s, linearity and memory targets at 1M are not shown.');
  else {
    const s = median(csv1M.map((x) => x.seconds));
    const unfinished = csv1M.find((x) => x.unfinished)?.unfinished;
    out.push(
      unfinished
        ? `- 1M rows × 12 columns CSV drop → done ≤ ${TARGETS.seconds1M} s: **MISSED**, the run was ${unfinished}.`
        : `- 1M rows × 12 columns CSV drop → done ≤ ${TARGETS.seconds1M} s: ${s.toFixed(1)} s — **${s <= TARGETS.seconds1M ? 'met' : 'MISSED'}**.`,
    );
    if (csv100k.length > 0) {
      const ratio = median(csv1M.map((x) => x.seconds / x.rows)) / median(csv100k.map((x) => x.seconds / x.rows));
      const cpuRatio =
        median(csv1M.map((x) => Object.values(x.cpuSeconds).reduce((a, b) => a + b, 0) / x.rows)) /
        median(csv100k.map((x) => Object.values(x.cpuSeconds).reduce((a, b) => a + b, 0) / x.rows));
      out.push(
        `- Linear: wall seconds per row at 1M / at 100k ≤ ${TARGETS.linearity}: ${ratio.toFixed(2)} — **${ratio <= TARGETS.linearity ? 'met' : 'MISSED'}** ` +
          `(CPU seconds per row of all three processes: ${cpuRatio.toFixed(2)}).`,
      );
    }
  }
  for (const s of result.samples.filter((x) => x.rows === 1_000_000)) {
    const f = mib(s.peakRssBytes.functions!);
    const e = mib(s.peakRssBytes.emulator!);
    out.push(
      `- ${s.format} 1M peak RSS: functions ${f} MiB (≤ ${TARGETS.functionsRssMiB}: **${f <= TARGETS.functionsRssMiB ? 'met' : 'MISSED'}**), ` +
        `emulator ${e} MiB (≤ ${TARGETS.emulatorRssMiB}: **${e <= TARGETS.emulatorRssMiB ? 'met' : 'MISSED'}**); ` +
        `end to end / floor ${(s.seconds / s.floorSeconds).toFixed(0)}× (${s.seconds.toFixed(1)} s / ${s.floorSeconds.toFixed(2)} s).`,
    );
  }
  for (const format of ['jsonl', 'xlsx']) {
    if (!result.samples.some((x) => x.format === format && x.rows >= 1_000_000)) {
      const largest = Math.max(0, ...result.samples.filter((x) => x.format === format).map((x) => x.rows));
      out.push(`- ${format.toUpperCase()} at 1M rows: **not shown** in this result${largest > 0 ? ` (largest run: ${int(largest)} rows, in the table)` : ''}.`);
    }
  }
  if (result.wallSeconds !== undefined) {
    out.push(`- The whole bench in under 15 minutes: ${(result.wallSeconds / 60).toFixed(1)} min — **${result.wallSeconds <= 900 ? 'met' : 'MISSED'}**.`);
  }
  if (result.notRun && result.notRun.length > 0) {
    out.push(`- **Not run**, the bench's ${int(result.budgetSeconds ?? 900)} s budget being spent: ${result.notRun.join(', ')} (format:rows×runs).`);
  }
  for (const s of result.samples.filter((x) => !x.countsOk && !x.unfinished)) out.push(`- ${s.format} ${int(s.rows)}: counts WRONG: ${JSON.stringify(s.counts)}.`);
  return out;
}

function section(result: E2eResult, title: string): string {
  return [
    `### ${title}: ${result.date.slice(0, 16).replace('T', ' ')} UTC, Node ${result.node}, ${result.machine.cpus} × ${result.machine.model}, ${result.machine.memoryGiB} GiB${result.wallSeconds !== undefined ? `; whole bench ${result.wallSeconds.toFixed(0)} s` : ''}`,
    '',
    ...(result.note ? [result.note, ''] : []),
    scaleTable(result),
    '',
  ].join('\n');
}

/**
 * What the profiles (node --cpu-prof on the functions and the emulator, BENCH_*_NODE_ARGS) showed, and what was done
 * about it. Measured figures, kept with the report that prints the rest.
 */
const FINDINGS = [
  '- **Validation re-read the sheet for every commit** (`indexSheet`, for uniqueness within the file): before, at',
  '  100k rows the validation stage took 360 of 503 s and the functions spent 552 µs of CPU per row, against',
  '  320–375 at 10k — quadratic. Uniqueness within a file is now the platform\'s own `unique` constraint, which the',
  '  blueprint already declared (shared/flatfile/blueprint.ts) and the emulator keeps in an index that grows with the',
  '  sheet (emulator/store/unique-groups.ts): each commit is read once. Functions CPU per row after: 159 µs at 100k,',
  '  163 µs at 200k. Tests: test/shared/validate/validate-commit.test.ts, "uniqueness within a file" (a duplicate',
  '  across commits flags both records; validating commits again flags no record against itself).',
  '- **The SDK\'s response schema** was then the largest cost: at 200k rows 17.5 of the functions\' 47 busy CPU seconds',
  '  in @flatfile/api\'s schema builders, reading commit pages, plus most of 9.6 s of garbage collection. Validation',
  '  reads its pages with fetch and JSON.parse (shared/validate/records.ts): 82 µs/row at 200k.',
  '- **The emulator is not the bottleneck**: at 200k rows its profile is 46.5 of 67 s idle; its busiest functions are',
  '  v2 JSONL serialisation (1.9 s), the fragment cache (1.4 s), csv-parse (1.1 s), inserts (1.0 s) and the mapping',
  '  execution (0.7 s, one pass in 10,000-row commits: linear).',
  '- **The mapping stage** is wall time while the emulator maps and the functions validate the commits mapping writes;',
  '  locally one functions process does both (in AWS each commit is its own worker invocation), so it grows with',
  '  validation, not with anything in the mapping itself.',
  '- **Before this session** at 1M the three processes together needed 130 µs of CPU per row (functions 54, emulator',
  '  48, local AWS 28) under a 1-minute load of 15–29, and the 1M run took 517 s.',
  '- **The emulator\'s memory at 1M** (2,256 MiB before; target 1.5 GB), measured with process.memoryUsage() every',
  '  2 s and in-process at 200k rows: (1) the read cache kept every v1 record ever served, 780 bytes each off the heap,',
  '  850 MiB at 1M for the destination sheet alone, for rows the pipeline reads once; it is now at most 64 MiB per sheet',
  '  (emulator/store/fragments.ts). (2) The uploaded file was handed to csv-parse as one 118 MB chunk, so every parsed',
  '  row of the file was held at once (heap +280 MiB at 200k) and the API did not answer for the 30 s of extraction;',
  '  uploads are now kept as they arrived and read back in pieces, and extraction yields between batches. With these',
  '  two: 1,416 MiB at 1M (load 12–14). (3) The extracted sheet held a fresh string per cell, 504 bytes per row; each',
  '  column now keeps one copy of repeated values (emulator/store/interner.ts): 272 bytes per row. (4) Extraction and',
  '  mapping no longer build an object per record and per cell (13 a row each) only for the table to take them apart.',
  '  Tests: test/emulator/store-memory.test.ts.',
  '- **CPU at 1M, profiled** (node --cpu-prof in all three processes, bench e2e, load 12–18; profile seconds include',
  '  time preempted by the other engineers\' work, so they are shares, not costs): the emulator was 76 s busy, of it 16 s',
  '  garbage collection, 14 s JSON string writing (v1 pages for validation, v2 JSONL for egress: a byte loop that a',
  '  native write did not beat in a micro-benchmark), 5.5 s inserts, 3.5 s the read cache, 3.9 s csv-parse. The',
  '  functions were 98 s busy: 16 s reading validation pages (undici\'s UTF-8 decode and JSON.parse of 780-byte v1',
  '  records: about 40 objects per record), 12 s GC, 9 s socket writes of request bodies (S3 parts), 11 s in the AWS SDK',
  '  (@smithy/core, signing, hashing), 10 s egress JSONL scanning and writing. Local AWS: 49 s busy, nearly all S3',
  '  bytes in fauxqs (request-body concat 6.6 s, part and object files written 10 s, MD5 of parts 5 s).',
  '- **What bounds 1M ≤ 60 s here**: the three processes together still need about 100 µs of CPU per row (the table),',
  '  100 CPU seconds at 1M, so ≥ 50 s on 2 idle cores with perfect overlap, which a pipeline of stages does not have.',
  '  The remaining costs are spread (no single one above 15 %): parsing v1 records with messages in validation, JSON',
  '  writing in the emulator, and S3 bytes through fauxqs. Not met on this machine.',
  '- **One invocation at 1M** (table below): the egress invocation was missing because the functions process wrote its',
  '  timings on SIGTERM before the egress invocation that wrote `done` had returned; it now waits for invocations under',
  '  way (bench/e2e-functions.ts).',
];

export async function writeReport(result: E2eResult, files: { json: string; markdown: string; before: string; sessionStart?: string }): Promise<void> {
  await mkdir(dirname(files.json), { recursive: true });
  await writeFile(files.json, `${JSON.stringify(result, null, 2)}\n`);
  const read = (path: string | undefined) => (path && existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as E2eResult) : undefined);
  const before = read(files.before);
  const sessionStart = read(files.sessionStart);
  const md = [
    '# Benchmarks: the whole pipeline',
    '',
    'Written by `npm run bench -- e2e` (bench/e2e.bench.ts); the figures of every run are in `bench/results/latest.json`.',
    'A generated partner file (N rows × 12 columns: emails, names, numbers, dates, enums, phones; 2 % of rows with one',
    'invalid value, 1 row in 1,000 repeating an email from 15,000 rows earlier) is dropped into the inbox of the local',
    'stack, and timed until its run is `done`. Local AWS (fauxqs + dynalite + S3 notifications), the Flatfile emulator',
    'and the functions each run in a process of their own, fresh for every run.',
    '',
    '**Read with care**: this machine has 2 cores shared with six other engineers\' builds and tests, so wall times',
    'are noisy. The 1-minute load average at the drop is printed next to every figure; CPU time per row (user + system of',
    'each process, from /proc) depends far less on the load and is the better figure to compare. Stages are the wall',
    'time between the run\'s state changes in the ledger (polled every 100 ms): ingress = drop → uploaded, extraction →',
    '`mapping`, mapping → `validating` (commits are validated while mapping writes them), validation = the tail after',
    'mapping until egress starts, egress → `done`. Floor = the plainest streaming read of the same file in one process',
    '(csv-parse for CSV, readline + JSON.parse for JSONL, exceljs\'s streaming reader for XLSX). Medians of the runs with',
    'min–max; runs per size as the table says (fewer at 1M to keep the whole bench under 15 minutes).',
    '',
    '## Targets',
    '',
    ...targets(result),
    '',
    '## What bounds it',
    '',
    ...FINDINGS,
    '',
    '## Scale',
    '',
    section(result, result.label === 'before' ? 'Before' : 'After'),
    ...(sessionStart && result.label !== 'before'
      ? [section(sessionStart, 'Before the memory and CPU work (bench/results/session-start.json: the linear pipeline, before the emulator\'s memory was bounded)')]
      : []),
    ...(before && result.label !== 'before' ? [section(before, 'Before (the code this work started from: validation quadratic)')] : []),
    '## One invocation at 1M rows',
    '',
    'How long one Lambda invocation of each kind ran (the local SQS trigger invokes the real handler as Lambda would).',
    '',
    invocationTable(result),
    '',
  ].join('\n');
  await writeFile(files.markdown, md);
}
