// Builds the `flatfeed` CLI into dist/cli/ (ES modules, one chunk per lazily loaded command), so it starts on plain
// node in a fraction of a second instead of compiling TypeScript with tsx on every start (3–8 s on this machine).
// npm runs it on `npm ci` (the `prepare` script); bin/flatfeed.js runs it again when a source is newer than the build.
// Dependencies stay in node_modules (packages: 'external'): the bundle is only our own code.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const OUT_DIR = join(root, 'dist', 'cli');

/** @param {{ outDir?: string }} [options] another folder than dist/cli (tests build their own copy) */
export async function buildCli({ outDir = OUT_DIR } = {}) {
  const { build } = await import('esbuild');
  const startedAt = Date.now();
  const result = await build({
    absWorkingDir: root,
    entryPoints: ['cli/main.ts'],
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    outdir: outDir,
    sourcemap: 'linked',
    metafile: true,
    logLevel: 'warning',
  });
  const inputs = Object.keys(result.metafile.inputs).filter((p) => !p.startsWith('node_modules/'));
  await mkdir(outDir, { recursive: true });
  await writeFile(join(outDir, 'inputs.json'), `${JSON.stringify({ builtAt: startedAt, inputs }, null, 1)}\n`);
  return { inputs: inputs.length, ms: Date.now() - startedAt, out: relative(root, outDir) };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  // `--out DIR`: another folder (tests build a copy of their own); inputs.json beside the build lists the sources it
  // read and when, which bin/flatfeed.js compares with their mtimes.
  const at = process.argv.indexOf('--out');
  const { inputs, ms, out } = await buildCli(at > 0 ? { outDir: process.argv[at + 1] } : {});
  console.log(`flatfeed CLI: ${inputs} sources → ${out}/ in ${ms} ms`);
}
