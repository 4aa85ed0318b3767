// Builds the `flatfeed` CLI into dist/cli/ (ES modules, one chunk per lazily loaded command), so it starts on plain
// node in a fraction of a second instead of compiling TypeScript with tsx on every start (3–8 s on this machine).
// npm runs it on `npm ci` (the `prepare` script); bin/flatfeed.js runs it again when a source is newer than the build.
// Dependencies stay in node_modules (packages: 'external'): the bundle is only our own code.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const OUT_DIR = join(root, 'dist', 'cli');
/** The sources the build read, with the build's time: bin/flatfeed.js compares their mtimes with it. */
export const INPUTS_FILE = join(OUT_DIR, 'inputs.json');

export async function buildCli() {
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
    outdir: OUT_DIR,
    sourcemap: 'linked',
    metafile: true,
    logLevel: 'warning',
  });
  const inputs = Object.keys(result.metafile.inputs).filter((p) => !p.startsWith('node_modules/'));
  await mkdir(OUT_DIR, { recursive: true });
  await writeFile(INPUTS_FILE, `${JSON.stringify({ builtAt: startedAt, inputs }, null, 1)}\n`);
  return { inputs: inputs.length, ms: Date.now() - startedAt, out: relative(root, OUT_DIR) };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { inputs, ms, out } = await buildCli();
  console.log(`flatfeed CLI: ${inputs} sources → ${out}/ in ${ms} ms`);
}
