// How every function is bundled: one esbuild call, `bundleFunction`, made by the stack (in a child process, see
// `FunctionBundling`) and by bench/bundles.bench.ts, so the benchmark measures exactly what deploys. It is esbuild's
// JavaScript API, not NodejsFunction's command line, because the command line takes no plugins and the bundles need
// one (infra/flatfile-api-plugin.ts). Sizes and import times per function: infra/README.md, "Function bundles".
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import type { BuildOptions, Metafile } from 'esbuild';
import { parse as parseYaml } from 'yaml';

export const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));
/**
 * The manifest's name inside each bundle; functions find it through MANIFEST_PATH. It is the YAML manifest as JSON
 * (`bundleManifest`): the functions then never load the yaml package (113 KB parsed at every cold start).
 */
export const BUNDLED_MANIFEST = 'feeds.json';
/** The bundle's entry file; the Lambda handler is `index.handler`. */
export const BUNDLE_ENTRY = 'index.mjs';

export function handlerEntry(dir: string): string {
  return join(PROJECT_ROOT, 'functions', dir, 'handler.ts');
}

/** The esbuild options for bundling `entry` into `outdir` as a function; `bundleFunction` adds the plugins. */
export function bundleOptions(entry: string, outdir: string): BuildOptions {
  return {
    entryPoints: { index: entry },
    outdir,
    bundle: true,
    platform: 'node',
    target: 'node24',
    format: 'esm',
    outExtension: { '.js': '.mjs' },
    mainFields: ['module', 'main'],
    minify: true,
    sourcemap: true,
    // Maps give file:line in stack traces; embedding every dependency's source would triple the asset for nothing.
    sourcesContent: false,
    // `import()` of bundled code becomes a chunk of its own, loaded when first called: exceljs (XLSX only, ~1 MB)
    // and the AWS SDK's credential providers other than the environment's (never, in Lambda). Chunks ship in the
    // same asset and count in its size; they only stay out of the cold start.
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    // ESM output has no `require` or `__dirname`; CommonJS dependencies use them (require for Node built-ins, and
    // ssh2 resolves a path against __dirname at import). esbuild puts the banner on every chunk.
    banner: {
      js:
        "import { createRequire } from 'module'; import { dirname } from 'path'; import { fileURLToPath } from 'url'; " +
        'const require = createRequire(import.meta.url); const __dirname = dirname(fileURLToPath(import.meta.url));',
    },
    // The AWS SDK is bundled too, although nodejs24.x ships one: the pinned versions are the ones the tests ran, and
    // the bundled, minified SDK loads faster than the runtime's node_modules copy (webhook: ~100 ms against
    // ~300-470 ms; externalising @aws-sdk/* and @smithy/* would save only 0.3-0.5 MB per bundle).
    // Native addons stay out: they are built for the build machine, not arm64. The only ones (ssh2's crypto binding
    // and cpu-features, both optional) are required inside try/catch, and ssh2 falls back to node:crypto.
    // What else stays out, and why, is in infra/flatfile-api-plugin.ts (node-fetch and form-data, required by
    // @flatfile/api only on Node < 18).
    external: ['*.node'],
    logLevel: 'error',
    metafile: true,
  };
}

/** Bundles function `dir` into `outdir` (index.mjs, chunks/, source maps) and returns esbuild's metafile. */
export async function bundleFunction(dir: string, outdir: string): Promise<Metafile> {
  return bundleEntry(handlerEntry(dir), outdir);
}

/** The same bundling for any entry file (tests bundle small entries exactly as functions are bundled). */
export async function bundleEntry(entry: string, outdir: string): Promise<Metafile> {
  const [{ build }, { flatfileApiPlugin }, { iconvTablesPlugin, copyIconvTables }] = await Promise.all([
    import('esbuild'),
    import('./flatfile-api-plugin.js'),
    import('./iconv-tables-plugin.js'),
  ]);
  const result = await build({ ...bundleOptions(entry, outdir), plugins: [flatfileApiPlugin(), iconvTablesPlugin()] });
  copyIconvTables(result.metafile!);
  return result.metafile!;
}

/**
 * CDK's local bundling for function `dir`: `bundleFunction` in a child process (asset bundling is synchronous, and
 * esbuild runs plugins only in its asynchronous API), then the manifest copied in beside the bundle.
 * The fields are data on purpose: CDK caches staged assets by the JSON of their bundling options, so two functions
 * whose bundlers serialised alike would share one bundle.
 */
export class FunctionBundling {
  constructor(
    readonly functionDir: string,
    readonly manifestFile: string,
  ) {}

  tryBundle(outputDir: string): boolean {
    try {
      execFileSync(process.execPath, ['--import', 'tsx', join(PROJECT_ROOT, 'infra', 'bundle-function.ts'), this.functionDir, outputDir], {
        cwd: PROJECT_ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
        encoding: 'utf8',
      });
    } catch (e) {
      const stderr = String((e as { stderr?: unknown }).stderr ?? '');
      throw new Error(`bundling function ${this.functionDir} failed:\n${stderr || String(e)}`);
    }
    bundleManifest(this.manifestFile, outputDir);
    return true;
  }
}

/**
 * Writes the YAML manifest into a bundle as JSON (BUNDLED_MANIFEST), with each feed's hook module bundled beside it
 * (`hooks/<feed>.mjs`; Lambda cannot compile the TypeScript the manifest names, and the manifest is refused when a
 * hook module is missing). Otherwise the data is the same, so a function validates exactly what the stack was
 * synthesised from; the YAML was already loaded, with line and column for any problem, when the stack was built.
 */
export function bundleManifest(manifestFile: string, outputDir: string): void {
  const data = parseYaml(readFileSync(manifestFile, 'utf8')) as { feeds?: { name?: string; validation?: { hooks?: string } }[] };
  // Required here, not imported at the top: synthesising a stack without bundling (most infra tests) needs no esbuild.
  const { buildSync } = createRequire(import.meta.url)('esbuild') as typeof import('esbuild');
  for (const feed of data.feeds ?? []) {
    const hooks = feed.validation?.hooks;
    if (!hooks || !feed.name) continue;
    const bundled = `hooks/${feed.name}.mjs`;
    buildSync({
      entryPoints: [resolve(dirname(manifestFile), hooks)],
      outfile: join(outputDir, bundled),
      bundle: true,
      platform: 'node',
      target: 'node24',
      format: 'esm',
      minify: true,
      logLevel: 'error',
    });
    feed.validation!.hooks = bundled;
  }
  writeFileSync(join(outputDir, BUNDLED_MANIFEST), `${JSON.stringify(data, null, 2)}\n`);
}
