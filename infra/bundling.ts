// How every function is bundled: one definition read by the stack (NodejsFunction) and by bench/bundles.bench.ts
// (esbuild directly), so the benchmark measures exactly what deploys.
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

export const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));
export const LOCK_FILE = join(PROJECT_ROOT, 'package-lock.json');
/** The manifest's name inside each bundle; functions find it through MANIFEST_PATH. */
export const BUNDLED_MANIFEST = 'feeds.yaml';

export const BUNDLE = {
  target: 'node22',
  format: 'esm',
  mainFields: ['module', 'main'],
  minify: true,
  sourceMap: true,
  // Maps give file:line in stack traces; embedding every dependency's source would triple the asset for nothing.
  sourcesContent: false,
  // ESM output has no `require`; CommonJS dependencies that call it (e.g. for Node built-ins) need one.
  banner: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);",
  // Bundle the AWS SDK too: the pinned versions are the ones the tests ran, not whatever the runtime ships.
  externalModules: [] as string[],
} as const;

export function handlerEntry(dir: string): string {
  return join(PROJECT_ROOT, 'functions', dir, 'handler.ts');
}
