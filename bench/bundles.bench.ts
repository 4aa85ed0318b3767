// Bundle size and cold import time per function: each function is bundled exactly as the stack bundles it
// (infra/bundling.ts), then imported in a fresh `node` process. Targets: ≤ 1 MB minified, ≤ 300 ms to load.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type Metafile } from 'esbuild';
import { BUNDLE, BUNDLED_MANIFEST, handlerEntry, PROJECT_ROOT } from '../infra/bundling.js';
import { buildTopology, type EnvRef, type FunctionSpec } from '../infra/topology.js';
import { loadManifest } from '../shared/manifest/index.js';

const MAX_BYTES = 1024 * 1024;
const MAX_LOAD_MS = 300;
const RUNS = 7;

export default async function bundles(): Promise<void> {
  const manifestFile = join(PROJECT_ROOT, 'feeds', 'feeds.yaml');
  const topology = buildTopology(await loadManifest(manifestFile));
  const work = mkdtempSync(join(tmpdir(), 'flatfeed-bundles-'));
  try {
    // Import times swing with the machine's load; the best of the runs is the least disturbed one.
    const load1 = loadavg()[0]?.toFixed(2);
    console.log(`load average ${load1}; import in a fresh node, best / median of ${RUNS}; targets: ≤ 1 MB, ≤ 300 ms (median)`);
    console.log('function        minified   with source maps      without');
    for (const spec of topology.functions) {
      const outdir = join(work, spec.dir);
      let metafile: Metafile;
      try {
        metafile = await bundle(spec, outdir);
      } catch (e) {
        console.log(`${spec.dir.padEnd(15)} bundling failed: ${String((e as Error).message).split('\n')[0]}`);
        continue;
      }
      copyFileSync(manifestFile, join(outdir, BUNDLED_MANIFEST));
      const bytes = statSync(join(outdir, 'index.mjs')).size;
      // The stack sets NODE_OPTIONS=--enable-source-maps; the plain figure shows what the source maps cost.
      const load = loadTimes(outdir, spec, ['--enable-source-maps']);
      const plain = loadTimes(outdir, spec, []);
      const ms = (t: LoadTimes | string) =>
        typeof t === 'string' ? `failed: ${t}` : `${t.best.toFixed(0)} / ${t.median.toFixed(0)} ms`;
      const loadText = `${ms(load).padEnd(21)} ${ms(plain)}`;
      const flags = [bytes > MAX_BYTES ? 'over size target' : '', typeof load !== 'string' && load.median > MAX_LOAD_MS ? 'over load target' : '']
        .filter(Boolean)
        .join(', ');
      console.log(`${spec.dir.padEnd(15)} ${kb(bytes).padStart(9)}   ${loadText.padEnd(36)}${flags ? `  ← ${flags}` : ''}`);
      if (bytes > MAX_BYTES) console.log(`${''.padEnd(28)}largest: ${largestPackages(metafile).join(', ')}`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** The esbuild call NodejsFunction makes for these bundling options. */
async function bundle(spec: FunctionSpec, outdir: string): Promise<Metafile> {
  const result = await build({
    entryPoints: [handlerEntry(spec.dir)],
    outfile: join(outdir, 'index.mjs'),
    bundle: true,
    platform: 'node',
    target: BUNDLE.target,
    format: BUNDLE.format,
    mainFields: [...BUNDLE.mainFields],
    minify: BUNDLE.minify,
    sourcemap: BUNDLE.sourceMap,
    sourcesContent: BUNDLE.sourcesContent,
    banner: { js: BUNDLE.banner },
    external: [...BUNDLE.externalModules],
    logLevel: 'error',
    metafile: true,
  });
  return result.metafile;
}

/** The packages contributing most to the bundle, to know where a size problem comes from. */
function largestPackages(metafile: Metafile, top = 4): string[] {
  const output = Object.values(metafile.outputs).find((o) => o.entryPoint);
  const bytes = new Map<string, number>();
  for (const [path, { bytesInOutput }] of Object.entries(output?.inputs ?? {})) {
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
  const url = pathToFileURL(join(outdir, 'index.mjs')).href;
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

/** The environment the stack gives the function, with stand-in values: some handlers read it at import. */
function placeholderEnv(spec: FunctionSpec): Record<string, string> {
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
