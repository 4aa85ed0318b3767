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
  '- **What bounds 1M ≤ 60 s here**: at 1M the three processes together needed 130 µs of CPU per row (functions 54,',
  '  emulator 48, local AWS 28): 130 CPU seconds, so ≥ 65 s on 2 idle cores even with no waiting. This machine was not',
  '  idle: its 1-minute load was 15–29 during every run of this work (six other engineers), and the 1M run took 517 s.',
  '- **The emulator\'s memory at 1M (2,256 MiB, target 1.5 GB)** is not explained yet: it holds the extracted source',
  '  sheet and the mapped destination sheet (1M rows each) with their read caches; not profiled in this work.',
  '- **One invocation at 1M** (table below): the egress invocation is not in it (the bench recorded none; a gap of the',
  '  bench, not a finding). The egress stage took 113 s of wall time under this load.',
];

export async function writeReport(result: E2eResult, files: { json: string; markdown: string; before: string }): Promise<void> {
  await mkdir(dirname(files.json), { recursive: true });
  await writeFile(files.json, `${JSON.stringify(result, null, 2)}\n`);
  const before = existsSync(files.before) ? (JSON.parse(readFileSync(files.before, 'utf8')) as E2eResult) : undefined;
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
    ...(before && result.label !== 'before' ? [section(before, 'Before (the code this work started from)')] : []),
    '## One invocation at 1M rows',
    '',
    'How long one Lambda invocation of each kind ran (the local SQS trigger invokes the real handler as Lambda would).',
    '',
    invocationTable(result),
    '',
  ].join('\n');
  await writeFile(files.markdown, md);
}
