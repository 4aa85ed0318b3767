// What each function bundle contains, and that it loads on its own: bundled exactly as the stack bundles it
// (infra/bundling.ts), then imported by a fresh `node` in a directory without node_modules, as Lambda would.
// bench/bundles.bench.ts reports the sizes and import times; this keeps the fixes behind them from regressing.
import { execFileSync } from 'node:child_process';
import { createReadStream, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Metafile } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { placeholderEnv } from '../../bench/bundles.bench.js';
import { BUNDLE_ENTRY, BUNDLED_MANIFEST, bundleEntry, bundleFunction, bundleManifest, PROJECT_ROOT } from '../../infra/bundling.js';
import { ICONV_TABLES_DIR } from '../../infra/iconv-tables-plugin.js';
import { openXlsx } from '../../shared/extract/xlsx.js';
import type { FunctionSpec } from '../../infra/topology.js';
import { loadManifest } from '../../shared/manifest/index.js';
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
    bundleManifest(MANIFEST_FILE, outdir);
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
/** The source files a cold start loads: those of the entry and of the chunks it imports statically. */
const atStartInputs = (dir: string) => {
  const { metafile, outdir } = bundles.get(dir)!;
  const outputs = new Map(Object.entries(metafile.outputs));
  const loaded = new Set<string>();
  const visit = (file: string) => {
    if (loaded.has(file)) return;
    loaded.add(file);
    for (const i of outputs.get(file)?.imports ?? []) if (i.kind === 'import-statement' && outputs.has(i.path)) visit(i.path);
  };
  visit([...outputs.keys()].find((file) => resolve(file) === join(outdir, BUNDLE_ENTRY))!);
  return [...loaded].flatMap((file) => Object.keys(outputs.get(file)!.inputs));
};

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

  it('carry iconv-lite only where files are transcoded (ingress reads them, egress writes partner-layout rejects)', () => {
    const withIconv = dirs().filter((dir) => inputsOf(dir).some((f) => f.includes('node_modules/iconv-lite/')));
    expect(withIconv.sort()).toEqual(['egress', 'ingress']);
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
    expect(clients('egress')).toEqual(['files', 'jobs', 'sheets', 'spaces', 'workbooks']);
    expect(clients('worker')).toEqual(['commits', 'files', 'jobs', 'records', 'sheets', 'snapshots', 'workbooks']);
  });

  it("iconv-lite's double-byte tables are JSON files beside the ingress bundle, read when first needed", () => {
    const { metafile } = bundles.get('ingress')!;
    const js = Object.entries(metafile.outputs).filter(([f]) => f.endsWith('.mjs'));
    const tablesInJs = js.flatMap(([, o]) => Object.keys(o.inputs)).filter((f) => /^node_modules\/iconv-lite\/encodings\/tables\//.test(f));
    expect(tablesInJs).toEqual([]);
    const stubs = js.flatMap(([f, o]) => Object.keys(o.inputs).filter((i) => i.startsWith('iconv-table:')).map(() => f));
    expect(stubs.length).toBeGreaterThan(0);
    for (const file of new Set(stubs)) expect(existsSync(join(resolve(file), '..', ICONV_TABLES_DIR, 'shiftjis.json')), file).toBe(true);
  });

  it('the bundled iconv-lite decodes Shift_JIS, GBK, Big5 and EUC-KR in a fresh node, as unbundled', async () => {
    const samples = { shift_jis: '東京都の顧客', gbk: '北京市客户', big5: '臺北市客戶', 'euc-kr': '서울 고객' };
    const entry = join(work, 'iconv-entry.ts');
    writeFileSync(
      entry,
      [
        `import iconv from ${JSON.stringify(join(PROJECT_ROOT, 'node_modules/iconv-lite/lib/index.js'))};`,
        `const samples = JSON.parse(process.argv[2]);`,
        `console.log(JSON.stringify(Object.fromEntries(Object.entries(samples).map(([enc, hex]) => [enc, iconv.decode(Buffer.from(hex, 'hex'), enc)]))));`,
      ].join('\n'),
    );
    const outdir = join(work, 'iconv');
    await bundleEntry(entry, outdir);
    const { default: iconv } = await import('iconv-lite');
    const encoded = Object.fromEntries(Object.entries(samples).map(([enc, text]) => [enc, iconv.encode(text, enc).toString('hex')]));
    // From another folder: the tables are found beside the bundle, not in the working directory.
    const out = execFileSync(process.execPath, [join(outdir, BUNDLE_ENTRY), JSON.stringify(encoded)], { cwd: tmpdir(), encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual(samples);
  }, 60_000);

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

describe('the manifest in a bundle', () => {
  it('is JSON, loaded without the yaml package, and equal to the YAML it came from', async () => {
    for (const dir of dirs()) {
      // YAML is parsed only where a function is given a YAML manifest (as `flatfeed dev` does): in a chunk of its own.
      // readable-stream is Node's own stream for @flatfile/api (infra/flatfile-api-plugin.ts); exceljs and concat-stream bring copies of their own.
      expect(atStartInputs(dir).filter((f) => /^node_modules\/(yaml|readable-stream)\//.test(f)), dir).toEqual([]);
    }

    const entry = join(work, 'manifest-entry.ts');
    writeFileSync(
      entry,
      [
        `import { loadManifest } from ${JSON.stringify(join(PROJECT_ROOT, 'shared/manifest/index.ts'))};`,
        `import { loadFeedHooks } from ${JSON.stringify(join(PROJECT_ROOT, 'shared/validate/hooks.ts'))};`,
        `const manifest = await loadManifest(process.argv[2]);`,
        `const hooks = await Promise.all(manifest.feeds.map(async (f) => [f.name, typeof (await loadFeedHooks(f, '.')).record]));`,
        `console.log(JSON.stringify({ manifest, hooks }));`,
      ].join('\n'),
    );
    const outdir = join(work, 'manifest');
    const metafile = await bundleEntry(entry, outdir);
    bundleManifest(MANIFEST_FILE, outdir);
    const [, main] = Object.entries(metafile.outputs).find(([file]) => file.endsWith(`/${BUNDLE_ENTRY}`))!;
    expect(Object.keys(main.inputs).filter((f) => f.includes('node_modules/yaml/'))).toEqual([]);
    const out = execFileSync(process.execPath, [join(outdir, BUNDLE_ENTRY), BUNDLED_MANIFEST], { cwd: outdir, encoding: 'utf8' });
    const source = await loadManifest(MANIFEST_FILE);
    const { manifest, hooks } = JSON.parse(out) as { manifest: typeof source; hooks: [string, string][] };
    // The same manifest, but for where each hook module is: bundled beside it as JavaScript Lambda can import.
    const withHooks = source.feeds.filter((f) => f.validation.hooks).map((f) => f.name);
    expect(withHooks.length).toBeGreaterThan(0);
    for (const feed of source.feeds) if (feed.validation.hooks) feed.validation.hooks = `hooks/${feed.name}.mjs`;
    expect(manifest).toEqual(JSON.parse(JSON.stringify(source)));
    expect(hooks.filter(([, record]) => record === 'function').map(([name]) => name)).toEqual(withHooks);
  }, 60_000);
});
