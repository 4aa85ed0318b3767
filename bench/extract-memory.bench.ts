// The worker's extraction of whole files, alone, for its memory: the emulator in its own process, each file uploaded
// and its extract job made here, then runExtraction in a child process with the worker's V8 flags as deployed
// (infra/topology.ts), sampling process.memoryUsage() every 50 ms. Prints per file the wall and CPU time and the peaks of
// RSS, heapUsed, heapTotal and arrayBuffers. BENCH_EXTRACT_MEMORY_FILES: comma-separated paths (.xlsx, .jsonl,
// .json); default the e2e bench's 1M-row XLSX and JSONL where they are (BENCH_E2E_DIR, /tmp/flatfeed-bench-e2e).
import { FlatfileClient } from '@flatfile/api';
import { spawn } from 'node:child_process';
import { createReadStream, existsSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const here = (f: string) => fileURLToPath(new URL(f, import.meta.url));
const TOKEN = 'bench';
const mib = (b: number) => Math.round(b / 1048576);

interface ChildReport {
  seconds: number;
  /** CPU seconds of the extraction (user + system): what load on a shared machine does not change much. */
  cpuSeconds: number;
  peakMiB: Record<string, number>;
  recordsCreated?: number;
}

if (process.env.BENCH_MEM_CHILD) {
  const { runExtraction } = await import('../shared/extract/index.js');
  const env = (n: string) => process.env[n]!;
  const api = new FlatfileClient({ token: TOKEN, apiUrl: env('BENCH_URL') });
  const peak = { rss: 0, heapUsed: 0, heapTotal: 0, arrayBuffers: 0 };
  const timer = setInterval(() => {
    const m = process.memoryUsage();
    for (const k of Object.keys(peak) as (keyof typeof peak)[]) peak[k] = Math.max(peak[k], m[k]);
  }, 50);
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const result = await runExtraction(
    { kind: 'extract', feed: 'bench', jobId: env('BENCH_JOB'), fileId: env('BENCH_FILE'), spaceId: env('BENCH_SPACE'), format: env('BENCH_FORMAT') as 'xlsx' },
    { api, connection: { token: TOKEN, apiUrl: env('BENCH_URL') }, format: {} },
  );
  clearInterval(timer);
  const cpu = process.cpuUsage(cpu0);
  const report: ChildReport = {
    seconds: (performance.now() - t0) / 1000,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    peakMiB: Object.fromEntries(Object.entries(peak).map(([k, v]) => [k, mib(v)])),
    ...(result.outcome === 'extracted' ? { recordsCreated: result.recordsCreated } : {}),
  };
  process.stdout.write(`${JSON.stringify(report)}\n`);
  process.exit(0);
}

async function measure(url: string, environmentId: string, file: string, flags: string[]): Promise<ChildReport | string> {
  const format = extname(file).slice(1);
  const api = new FlatfileClient({ token: TOKEN, apiUrl: url });
  const { data: space } = await api.spaces.create({ name: basename(file), environmentId });
  const { data: f } = await api.files.upload(Object.assign(createReadStream(file), { name: basename(file) }), { spaceId: space.id, environmentId });
  const { data: job } = await api.jobs.create({ type: 'file', operation: `extract-plugin-${format}`, source: f.id, status: 'ready' });
  await api.jobs.execute(job.id);
  const child = spawn(process.execPath, [...flags, '--import', 'tsx', here('./extract-memory.bench.ts')], {
    env: { ...process.env, BENCH_MEM_CHILD: '1', BENCH_URL: url, BENCH_JOB: job.id, BENCH_FILE: f.id, BENCH_SPACE: space.id, BENCH_FORMAT: format },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr.on('data', (b: Buffer) => (err = (err + b.toString()).slice(-2000)));
  const code = await new Promise<number | null>((r) => child.once('exit', r));
  // A run out of heap under the deployed cap is a result too.
  if (code !== 0) return `exit ${code}: ${err.trim().split('\n').slice(-2).join(' | ')}`;
  return JSON.parse(out.trim().split('\n').at(-1)!) as ChildReport;
}

export default async function run(): Promise<void> {
  const dir = process.env.BENCH_E2E_DIR ?? '/tmp/flatfeed-bench-e2e';
  const files = (process.env.BENCH_EXTRACT_MEMORY_FILES?.split(',') ?? ['xlsx', 'jsonl'].map((f) => join(dir, `bench-1000000.${f}`))).filter((f) => existsSync(f));
  if (files.length === 0) {
    console.log(`no files to extract: set BENCH_EXTRACT_MEMORY_FILES, or run the e2e bench once to generate ${dir}`);
    return;
  }
  const { buildTopology, v8Flags } = await import('../infra/topology.js');
  const { loadManifest } = await import('../shared/manifest/index.js');
  const flags = process.env.BENCH_MEM_NODE_ARGS?.split(/\s+/).filter(Boolean) ?? v8Flags(buildTopology(await loadManifest()).functions.find((f) => f.id === 'worker')!);
  const emulator = spawn(process.execPath, ['--import', 'tsx', here('./extract-emulator.ts')], { env: { ...process.env, EMULATOR_TOKEN: TOKEN }, stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const line = await new Promise<string>((resolve, reject) => {
      createInterface({ input: emulator.stdout }).once('line', resolve);
      emulator.once('exit', (code) => reject(new Error(`emulator exited with ${code}`)));
    });
    const { url, environmentId } = JSON.parse(line) as { url: string; environmentId: string };
    console.log(`worker node flags: ${flags.join(' ') || '(defaults)'}`);
    for (const file of files) {
      const r = await measure(url, environmentId, file, flags);
      if (typeof r === 'string') console.log(`${basename(file).padEnd(22)} FAILED ${r}`);
      else {
        const p = r.peakMiB;
        console.log(
          `${basename(file).padEnd(22)} ${r.seconds.toFixed(1).padStart(6)} s (CPU ${r.cpuSeconds.toFixed(1)} s)  peak MiB: rss ${p.rss}  heapUsed ${p.heapUsed}  heapTotal ${p.heapTotal}  arrayBuffers ${p.arrayBuffers}  records ${r.recordsCreated?.toLocaleString('en') ?? '-'}`,
        );
      }
    }
  } finally {
    emulator.kill('SIGTERM');
  }
}
