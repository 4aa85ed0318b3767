// Bundle size and cold import time per function: each function is bundled exactly as the stack bundles it
// (infra/bundling.ts), then imported in a fresh `node` process. Targets: ≤ 1 MB minified, ≤ 300 ms to load.
// "shipped" is all the JavaScript in the asset (index.mjs and its chunks; the target applies to it); "at start" is
// what importing index.mjs loads (index.mjs and the chunks it imports statically, not those behind `import()`).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Metafile } from 'esbuild';
import { BUNDLE_ENTRY, BUNDLED_MANIFEST, bundleFunction, bundleManifest, PROJECT_ROOT } from '../infra/bundling.js';
import { buildTopology, type EnvRef, type FunctionSpec } from '../infra/topology.js';
import { loadManifest } from '../shared/manifest/index.js';

const MAX_BYTES = 1024 * 1024;
const MAX_LOAD_MS = 300;
const RUNS = 11;

export default async function bundles(): Promise<void> {
  const manifestFile = join(PROJECT_ROOT, 'feeds', 'feeds.yaml');
  const topology = buildTopology(await loadManifest(manifestFile));
  const work = mkdtempSync(join(tmpdir(), 'flatfeed-bundles-'));
  try {
    // Import times swing with the machine's load; the best of the runs is the least disturbed one.
    const load1 = loadavg()[0]?.toFixed(2);
    console.log(`load average ${load1}; import in a fresh node, best / median of ${RUNS}; targets: ≤ 1 MB, ≤ 300 ms (median)`);
    console.log('function         shipped   at start   with source maps      without');
    // Every function is bundled first and esbuild stopped, so its service process is idle while imports are timed
    // (bundling between timings moved medians by up to 90 ms at a load average of 1).
    const bundled: { spec: FunctionSpec; outdir: string; metafile: Metafile }[] = [];
    for (const spec of topology.functions) {
      const outdir = join(work, spec.dir);
      try {
        bundled.push({ spec, outdir, metafile: await bundleFunction(spec.dir, outdir) });
        bundleManifest(manifestFile, outdir);
      } catch (e) {
        console.log(`${spec.dir.padEnd(15)} bundling failed: ${String((e as Error).message).split('\n')[0]}`);
      }
    }
    await (await import('esbuild')).stop();
    for (const { spec, outdir, metafile } of bundled) {
      const { shipped: bytes, atStart } = sizes(metafile, outdir);
      // The stack sets NODE_OPTIONS=--enable-source-maps; the plain figure shows what the source maps cost.
      const load = loadTimes(outdir, spec, ['--enable-source-maps']);
      const plain = loadTimes(outdir, spec, []);
      const ms = (t: LoadTimes | string) =>
        typeof t === 'string' ? `failed: ${t}` : `${t.best.toFixed(0)} / ${t.median.toFixed(0)} ms`;
      const loadText = `${ms(load).padEnd(21)} ${ms(plain)}`;
      const flags = [bytes > MAX_BYTES ? 'over size target' : '', typeof load !== 'string' && load.median > MAX_LOAD_MS ? 'over load target' : '']
        .filter(Boolean)
        .join(', ');
      console.log(`${spec.dir.padEnd(15)} ${kb(bytes).padStart(9)} ${kb(atStart).padStart(10)}   ${loadText.padEnd(36)}${flags ? `  ← ${flags}` : ''}`);
      if (bytes > MAX_BYTES) console.log(`${''.padEnd(16)}largest: ${largestPackages(metafile).join(', ')}`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Bytes of JavaScript in the asset, and of what importing the entry loads (the entry and its static imports). */
function sizes(metafile: Metafile, outdir: string): { shipped: number; atStart: number } {
  const js = Object.entries(metafile.outputs).filter(([file]) => file.endsWith('.mjs'));
  const byFile = new Map(js.map(([file, o]) => [file, o]));
  // Output paths are relative to esbuild's working directory, this process's.
  const entry = js.find(([file]) => resolve(file) === join(outdir, BUNDLE_ENTRY));
  const loaded = new Set<string>();
  const visit = (file: string) => {
    if (loaded.has(file)) return;
    loaded.add(file);
    for (const i of byFile.get(file)?.imports ?? []) if (i.kind === 'import-statement' && byFile.has(i.path)) visit(i.path);
  };
  if (entry) visit(entry[0]);
  const sum = (files: Iterable<string>) => [...files].reduce((n, f) => n + (byFile.get(f)?.bytes ?? 0), 0);
  return { shipped: sum(byFile.keys()), atStart: sum(loaded) };
}

/** The packages contributing most to the shipped JavaScript, to know where a size problem comes from. */
function largestPackages(metafile: Metafile, top = 4): string[] {
  const bytes = new Map<string, number>();
  const inputs = Object.entries(metafile.outputs)
    .filter(([file]) => file.endsWith('.mjs'))
    .flatMap(([, o]) => Object.entries(o.inputs));
  for (const [path, { bytesInOutput }] of inputs) {
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1] ?? path.split('/').slice(0, 2).join('/');
    bytes.set(pkg, (bytes.get(pkg) ?? 0) + bytesInOutput);
  }
  return [...bytes]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([pkg, n]) => `${pkg} ${kb(n)}`);
}

interface LoadTimes {
  best: number;
  median: number;
}

/** Milliseconds for `import()` of the bundle in a fresh node process, or the error it failed with. */
function loadTimes(outdir: string, spec: FunctionSpec, nodeFlags: string[]): LoadTimes | string {
  const url = pathToFileURL(join(outdir, BUNDLE_ENTRY)).href;
  const script = `const t = performance.now(); await import(${JSON.stringify(url)}); console.log(performance.now() - t);`;
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    try {
      const out = execFileSync(process.execPath, [...nodeFlags, '--input-type=module', '-e', script], {
        cwd: outdir,
        env: { PATH: process.env.PATH, ...placeholderEnv(spec) },
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      times.push(Number(out.trim().split('\n').pop()));
    } catch (e) {
      const stderr = String((e as { stderr?: unknown }).stderr ?? e);
      return stderr.split('\n').find((l) => /^\w*Error\b/.test(l))?.trim() ?? 'import failed';
    }
  }
  times.sort((a, b) => a - b);
  return { best: times[0] ?? NaN, median: times[Math.floor(RUNS / 2)] ?? NaN };
}

/**
 * The environment the stack gives the function, with stand-in values: some handlers read it at import.
 * test/infra/bundles.test.ts imports bundles with it too.
 */
export function placeholderEnv(spec: FunctionSpec): Record<string, string> {
  const value = (ref: EnvRef): string => {
    if ('bucket' in ref) return `bench-${ref.bucket}`;
    if ('queueUrl' in ref) return `https://sqs.eu-central-1.amazonaws.com/000000000000/bench-${ref.queueUrl}`;
    if ('table' in ref) return `bench-${ref.table}`;
    if ('secretName' in ref) return `bench/${ref.secretName}`;
    return ref.value;
  };
  return {
    ...Object.fromEntries(Object.entries(spec.env).map(([k, ref]) => [k, value(ref)])),
    AWS_REGION: 'eu-central-1',
    POWERTOOLS_SERVICE_NAME: spec.dir,
    POWERTOOLS_METRICS_NAMESPACE: 'flatfeed',
    MANIFEST_PATH: BUNDLED_MANIFEST,
  };
}

function kb(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(2)} MB` : `${(bytes / 1024).toFixed(1)} KB`;
}
