// What each function bundle contains, and that it loads on its own: bundled exactly as the stack bundles it
// (infra/bundling.ts), then imported by a fresh `node` in a directory without node_modules, as Lambda would.
// bench/bundles.bench.ts reports the sizes and import times; this keeps the fixes behind them from regressing.
import { execFileSync } from 'node:child_process';
import { copyFileSync, createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Metafile } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { placeholderEnv } from '../../bench/bundles.bench.js';
import { BUNDLE_ENTRY, BUNDLED_MANIFEST, bundleEntry, bundleFunction, PROJECT_ROOT } from '../../infra/bundling.js';
import { openXlsx } from '../../shared/extract/xlsx.js';
import type { FunctionSpec } from '../../infra/topology.js';
import { MANIFEST_FILE, synthStack } from './fixture.js';

const MB = 1024 * 1024;
let work: string;
const bundles = new Map<string, { spec: FunctionSpec; outdir: string; metafile: Metafile }>();
let topologyFunctions = 0;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'flatfeed-bundles-test-'));
  const { topology } = await synthStack();
  topologyFunctions = topology.functions.length;
  for (const spec of topology.functions) {
    const outdir = join(work, spec.dir);
    const metafile = await bundleFunction(spec.dir, outdir);
    copyFileSync(MANIFEST_FILE, join(outdir, BUNDLED_MANIFEST));
    bundles.set(spec.dir, { spec, outdir, metafile });
  }
}, 180_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Every source file in any output of the bundle (entry and chunks). */
const inputsOf = (dir: string) => {
  const { metafile } = bundles.get(dir)!;
  return [...new Set(Object.values(metafile.outputs).flatMap((o) => Object.keys(o.inputs)))];
};
const shippedBytes = (dir: string) =>
  Object.entries(bundles.get(dir)!.metafile.outputs)
    .filter(([file]) => file.endsWith('.mjs'))
    .reduce((n, [, o]) => n + o.bytes, 0);
const dirs = () => [...bundles.keys()];

describe('function bundles', () => {
  it('each imports in a fresh node without node_modules', () => {
    expect(dirs()).toHaveLength(topologyFunctions);
    for (const [dir, { spec, outdir }] of bundles) {
      const url = pathToFileURL(join(outdir, BUNDLE_ENTRY)).href;
      const out = execFileSync(
        process.execPath,
        ['--enable-source-maps', '--input-type=module', '-e', `const m = await import(${JSON.stringify(url)}); console.log(typeof m.handler);`],
        { cwd: outdir, env: { PATH: process.env.PATH, ...placeholderEnv(spec) }, encoding: 'utf8' },
      );
      expect(out.trim(), dir).toBe('function');
    }
  }, 60_000);

  it('carry no zod locales and no JSON Schema conversion from JSON', () => {
    for (const dir of dirs()) {
      const zod = inputsOf(dir).filter((f) => f.includes('node_modules/zod/'));
      expect(zod.filter((f) => f.includes('/locales/') && !f.endsWith('/locales/en.js')), dir).toEqual([]);
      expect(zod.filter((f) => f.endsWith('from-json-schema.js')), dir).toEqual([]);
    }
  });

  it('carry iconv-lite only where files are transcoded (ingress)', () => {
    const withIconv = dirs().filter((dir) => inputsOf(dir).some((f) => f.includes('node_modules/iconv-lite/')));
    expect(withIconv).toEqual(['ingress']);
  });

  it("carry none of @flatfile/api's barrels, nor the fetch and form-data fallbacks for Node < 18", () => {
    for (const dir of dirs()) {
      const files = inputsOf(dir);
      expect(files, dir).not.toContain('node_modules/@flatfile/api/serialization/index.js');
      expect(files, dir).not.toContain('node_modules/@flatfile/api/api/index.js');
      expect(files.filter((f) => /node_modules\/(form-data|mime-db|whatwg-url|tr46)\//.test(f)), dir).toEqual([]);
    }
    // node-fetch stays only where @flatfile/listener uses it (through cross-fetch).
    expect(dirs().filter((dir) => inputsOf(dir).some((f) => f.includes('node_modules/node-fetch/')))).toEqual(['listener']);
  });

  it('build only the Flatfile resource clients a function calls', () => {
    const clients = (dir: string) =>
      inputsOf(dir)
        .map((f) => /^node_modules\/@flatfile\/api\/api\/resources\/(\w+)\/client\/Client\.js$/.exec(f)?.[1])
        .filter(Boolean)
        .sort();
    expect(clients('events-poller')).toEqual(['events']);
    expect(clients('ingress')).toEqual(['spaces']);
    expect(clients('webhook')).toEqual([]);
  });

  it('exceljs is a chunk of its own, loaded when the first XLSX file is read', () => {
    const { metafile } = bundles.get('worker')!;
    const [entry] = Object.entries(metafile.outputs).filter(([file]) => file.endsWith(`/${BUNDLE_ENTRY}`));
    expect(Object.keys(entry![1].inputs).filter((f) => f.includes('node_modules/exceljs/'))).toEqual([]);
    expect(inputsOf('worker').some((f) => f.includes('node_modules/exceljs/'))).toBe(true);
  });

  it("the exceljs chunk loads and reads XLSX in a fresh node, as the worker's extraction does unbundled", async () => {
    const sample = join(PROJECT_ROOT, 'samples', 'contacts', 'acme-contacts-2026-11-23.xlsx');
    const entry = join(work, 'xlsx-entry.ts');
    writeFileSync(
      entry,
      [
        `import { createReadStream } from 'node:fs';`,
        `import { openXlsx } from ${JSON.stringify(join(PROJECT_ROOT, 'shared/extract/xlsx.ts'))};`,
        `const source = await openXlsx(createReadStream(process.argv[2]), { fileName: 'contacts.xlsx' });`,
        `const rows = []; for await (const row of source.rows) rows.push(row);`,
        `console.log(JSON.stringify({ sheetName: source.sheetName, columns: source.columns, rows }));`,
      ].join('\n'),
    );
    const outdir = join(work, 'xlsx');
    const metafile = await bundleEntry(entry, outdir);
    const chunks = Object.entries(metafile.outputs).filter(([f, o]) => f.includes('/chunks/') && Object.keys(o.inputs).some((i) => i.includes('exceljs/')));
    expect(chunks).toHaveLength(1);
    const out = execFileSync(process.execPath, ['--enable-source-maps', join(outdir, BUNDLE_ENTRY), sample], { cwd: outdir, encoding: 'utf8' });

    const source = await openXlsx(createReadStream(sample), { fileName: 'contacts.xlsx' });
    const rows: (string | number)[][] = [];
    for await (const row of source.rows) rows.push(row);
    expect(rows.length).toBeGreaterThan(0);
    expect(JSON.parse(out)).toEqual({ sheetName: source.sheetName, columns: source.columns, rows });
  }, 60_000);

  it('meet the 1 MB target where they do today (webhook, events-poller)', () => {
    expect(shippedBytes('webhook')).toBeLessThanOrEqual(1 * MB);
    expect(shippedBytes('events-poller')).toBeLessThanOrEqual(1 * MB);
  });
});
