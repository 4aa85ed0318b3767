// `tsx infra/bundle-function.ts <function dir> <output dir>`: bundles one function as infra/bundling.ts defines; the
// stack's local bundling runs this (CDK bundles synchronously, esbuild plugins need esbuild's asynchronous API).
import { bundleFunction } from './bundling.js';

const [dir, outdir] = process.argv.slice(2);
if (!dir || !outdir) {
  console.error('usage: tsx infra/bundle-function.ts <function dir> <output dir>');
  process.exit(2);
}
await bundleFunction(dir, outdir);
