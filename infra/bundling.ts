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
  // ESM output has no `require` or `__dirname`; CommonJS dependencies use them (require for Node built-ins, and
  // ssh2 resolves a path against __dirname at import).
  banner:
    "import { createRequire } from 'module'; import { dirname } from 'path'; import { fileURLToPath } from 'url'; " +
    'const require = createRequire(import.meta.url); const __dirname = dirname(fileURLToPath(import.meta.url));',
  // Bundle the AWS SDK too, although nodejs22.x ships one: the pinned versions are the ones the tests ran, and the
  // bundled, minified SDK loads faster than the runtime's node_modules copy (webhook: ~100 ms against ~300-470 ms;
  // externalising @aws-sdk/* and @smithy/* would save only 0.3-0.5 MB per bundle).
  // Native addons stay out: they are built for the build machine, not arm64. The only ones (ssh2's crypto binding
  // and cpu-features, both optional) are required inside try/catch, and ssh2 falls back to node:crypto.
  externalModules: ['*.node'] as string[],
} as const;

export function handlerEntry(dir: string): string {
  return join(PROJECT_ROOT, 'functions', dir, 'handler.ts');
}
