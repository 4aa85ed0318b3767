// The two slow tests: real esbuild bundling and CloudFormation validation, as `cdk synth` runs them.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { CfnQueue } from 'aws-cdk-lib/aws-sqs';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { BUNDLED_MANIFEST } from '../../infra/bundling.js';
import { cdkJsonContext, MANIFEST_FILE, synthStack } from './fixture.js';

/**
 * Runs `f` with CDK's `Bundling asset <path>...` progress lines kept out of stderr: CDK writes them straight to
 * process.stderr, past vitest's console capture, so a passing run printed one per function.
 */
async function withoutBundlingLines<T>(f: () => Promise<T>): Promise<T> {
  const write = process.stderr.write;
  process.stderr.write = ((chunk: unknown, ...rest: unknown[]) =>
    /^Bundling asset /.test(String(chunk)) ? true : (write as (...a: unknown[]) => boolean).call(process.stderr, chunk, ...rest)) as typeof write;
  try {
    return await f();
  } finally {
    process.stderr.write = write;
  }
}

describe('synth', () => {
  it('bundles every function with the manifest inside and passes CloudFormation validation', async () => {
    const { app, topology, assembly } = await withoutBundlingLines(async () => {
      const synthed = await synthStack({ bundle: true });
      return { ...synthed, assembly: synthed.app.synth() };
    });
    const bundles = readdirSync(assembly.directory)
      .map((d) => join(assembly.directory, d))
      .filter((d) => existsSync(join(d, 'index.mjs')));
    expect(bundles).toHaveLength(topology.functions.length);
    // One bundle per function, not one shared: CDK caches staged assets by their bundling options.
    expect(new Set(bundles.map((dir) => readFileSync(join(dir, 'index.mjs'), 'utf8'))).size).toBe(topology.functions.length);
    // The manifest as JSON (infra/bundling.ts, bundleManifest), each hook module bundled beside it.
    const manifest = parseYaml(readFileSync(MANIFEST_FILE, 'utf8')) as { feeds: { name: string; validation?: { hooks?: string } }[] };
    for (const feed of manifest.feeds) if (feed.validation?.hooks) feed.validation.hooks = `hooks/${feed.name}.mjs`;
    for (const dir of bundles) {
      expect(JSON.parse(readFileSync(join(dir, BUNDLED_MANIFEST), 'utf8'))).toEqual(manifest);
      for (const feed of manifest.feeds) if (feed.validation?.hooks) expect(existsSync(join(dir, feed.validation.hooks))).toBe(true);
      expect(existsSync(join(dir, 'index.mjs.map'))).toBe(true);
      // ESM with a banner that gives CommonJS dependencies `require` and `__dirname` (ssh2 reads it at import).
      const code = readFileSync(join(dir, 'index.mjs'), 'utf8');
      expect(code.startsWith("import { createRequire } from 'module';")).toBe(true);
      expect(code).toContain('const __dirname = dirname(fileURLToPath(import.meta.url));');
    }
  // Seven bundles, each in a child process (~15 s each with the machine loaded by others' tests; ~210 s in all once).
  }, 600_000);

  it('treats a CloudFormation validation finding as an error (cdk.json feature flag)', () => {
    expect(cdkJsonContext()['@aws-cdk/core:validateAgainstDefaultRules']).toBe(true);
    const app = new App({ context: cdkJsonContext() });
    new CfnQueue(new Stack(app, 'Broken'), 'Queue', { visibilityTimeout: 99_999 });
    expect(() => app.synth()).toThrow(/VisibilityTimeout: 99999 is greater than the maximum of 43200/);
  }, 60_000);
});
