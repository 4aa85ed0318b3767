// XLSX extraction of a generated 200,000-row workbook, in one run against one emulator: our worker's streaming runner
// and @flatfile/plugin-xlsx-extractor (driven by @flatfile/listener). The emulator and each extractor run in their own
// processes, so each peak RSS (maxRSS) and wall time is that extractor's alone. Target: ours ≤ ⅓ of the plugin's
// memory at equal or better time. BENCH_EXTRACT_ROWS overrides the row count.
import { FlatfileClient } from '@flatfile/api';
import { execFile, spawn } from 'node:child_process';
import { createReadStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { writeBenchWorkbook } from './extract-workbook.js';

const ROWS = Number(process.env.BENCH_EXTRACT_ROWS ?? 200_000);
const TOKEN = 'bench';
/** Node flags for both extractor processes, e.g. BENCH_EXTRACT_NODE_ARGS=--max-old-space-size=160. */
const NODE_ARGS = (process.env.BENCH_EXTRACT_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
/**
 * Without BENCH_EXTRACT_NODE_ARGS each extractor runs as it would be deployed: ours with the worker's heap caps from
 * the topology (the stack puts it in NODE_OPTIONS), the plugin with Node's defaults, as its users run it.
 */
async function deployedWorkerFlags(): Promise<string[]> {
  const { buildTopology, v8Flags } = await import('../infra/topology.js');
  const { loadManifest } = await import('../shared/manifest/index.js');
  const worker = buildTopology(await loadManifest()).functions.find((f) => f.id === 'worker')!;
  return v8Flags(worker);
}
const here = (f: string) => fileURLToPath(new URL(f, import.meta.url));

interface ChildReport {
  seconds: number;
  maxRssMb: number;
  result: Record<string, unknown>;
}

async function startEmulatorProcess() {
  const child = spawn(process.execPath, ['--import', 'tsx', here('./extract-emulator.ts')], {
    env: { ...process.env, EMULATOR_TOKEN: TOKEN },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`emulator exited with ${code}`)));
  });
  return { child, ...(JSON.parse(line) as { url: string; environmentId: string }) };
}

/** Each extractor runs as one esbuild bundle under plain node, as a Lambda would: no TypeScript loader in its RSS. */
async function bundle(entry: string, dir: string): Promise<string> {
  const outfile = join(dir, `${basename(entry, '.ts')}.mjs`);
  await build({
    entryPoints: [here(entry)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'error',
    // CommonJS dependencies inside an ESM bundle still call require().
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
  return outfile;
}

async function runChild(bundled: string, env: Record<string, string>, flags: string[]): Promise<ChildReport> {
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [...flags, bundled], {
      env: { ...process.env, ...env, BENCH_TOKEN: TOKEN },
      maxBuffer: 16 * 1024 * 1024,
    });
    return JSON.parse(stdout.trim().split('\n').at(-1)!) as ChildReport;
  } catch (e) {
    // An extractor that dies (e.g. out of heap under a memory cap) is a result too.
    const err = e as { code?: number; signal?: string; stderr?: string };
    const last = (err.stderr ?? '').trim().split('\n').filter(Boolean).slice(-2).join(' | ');
    return { seconds: NaN, maxRssMb: NaN, result: { failed: `exit ${err.code ?? err.signal}: ${last.slice(0, 200)}` } };
  }
}

export default async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'flatfeed-extract-bench-'));
  const path = join(dir, 'customers.xlsx');
  const emulator = await startEmulatorProcess();
  try {
    let t = performance.now();
    await writeBenchWorkbook(path, ROWS);
    const mib = statSync(path).size / 1024 / 1024;
    console.log(`generated ${ROWS.toLocaleString('en')} rows × 10 columns: ${mib.toFixed(1)} MiB in ${((performance.now() - t) / 1000).toFixed(1)} s`);

    const api = new FlatfileClient({ token: TOKEN, apiUrl: emulator.url });
    const env = { BENCH_URL: emulator.url, BENCH_ENV: emulator.environmentId };
    const upload = async (name: string) => {
      const { data: space } = await api.spaces.create({ name, environmentId: emulator.environmentId });
      const stream = Object.assign(createReadStream(path), { name: 'customers.xlsx' });
      const { data: file } = await api.files.upload(stream, { spaceId: space.id, environmentId: emulator.environmentId });
      return { spaceId: space.id, fileId: file.id };
    };
    const recordsIn = async (fileId: string) => {
      const { data: file } = await api.files.get(fileId);
      if (!file.workbookId) return 0;
      const { data: wb } = await api.workbooks.get(file.workbookId);
      const { data } = await api.sheets.getRecordCounts(wb.sheets![0]!.id);
      return data.counts.total;
    };

    // Ours: the job as the listener creates it on file:created; the worker process runs it.
    const a = await upload('ours');
    const { data: job } = await api.jobs.create({ type: 'file', operation: 'extract-plugin-xlsx', source: a.fileId, status: 'ready' });
    await api.jobs.execute(job.id);
    const oursFlags = NODE_ARGS.length > 0 ? NODE_ARGS : await deployedWorkerFlags();
    const ours = await runChild(await bundle('./extract-ours.ts', dir), { ...env, BENCH_JOB: job.id, BENCH_FILE: a.fileId, BENCH_SPACE: a.spaceId }, oursFlags);
    const oursCount = await recordsIn(a.fileId);

    const b = await upload('plugin');
    const plugin = await runChild(await bundle('./extract-plugin.ts', dir), { ...env, BENCH_FILE: b.fileId, BENCH_SPACE: b.spaceId }, NODE_ARGS);
    const pluginCount = await recordsIn(b.fileId);

    const rows = [
      ['ours (worker runner, exceljs streaming)', ours, oursCount],
      ['@flatfile/plugin-xlsx-extractor 4.1.1', plugin, pluginCount],
    ] as const;
    for (const [name, r, count] of rows) {
      console.log(`${name.padEnd(42)} ${r.seconds.toFixed(1).padStart(6)} s  peak RSS ${r.maxRssMb.toFixed(0).padStart(5)} MiB  records ${count.toLocaleString('en')}  ${JSON.stringify(r.result)}`);
    }
    console.log(`node flags: ours ${oursFlags.join(' ') || '(defaults)'}${NODE_ARGS.length > 0 ? '' : ' (the worker as deployed)'}; plugin ${NODE_ARGS.join(' ') || '(defaults)'}`);
    console.log('(the plugin waits a fixed 3 s after creating the workbook: util-extractor WORKBOOK_CREATION_DELAY; included above)');
    console.log(
      `memory ours/plugin: ${(ours.maxRssMb / plugin.maxRssMb).toFixed(2)} (target ≤ 0.33); time ours/plugin: ${(ours.seconds / plugin.seconds).toFixed(2)} (target ≤ 1)`,
    );
    if (oursCount !== ROWS || pluginCount !== ROWS) console.log(`RECORD COUNT MISMATCH: expected ${ROWS}, ours ${oursCount}, plugin ${pluginCount}`);
  } finally {
    emulator.child.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}
