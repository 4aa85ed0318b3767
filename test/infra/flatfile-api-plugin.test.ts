// infra/flatfile-api-plugin.ts bundles @flatfile/api with only the schemas and error classes the resource clients
// use. These tests bundle shared/flatfile/client.ts as functions are bundled, then drive every resource method the
// pipeline calls through the bundled client and through the unbundled one, each against its own emulator, and
// require the same results: a schema missing from the bundle would throw, or parse a response differently.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import type { Flatfile } from '@flatfile/api';
import { build, type Metafile } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../emulator/index.js';
import { bundleEntry, PROJECT_ROOT } from '../../infra/bundling.js';
import { flatfileApiPlugin } from '../../infra/flatfile-api-plugin.js';
import { ALL_FLATFILE_RESOURCES } from '../../shared/flatfile/all-resources.js';
import { createFlatfileClient, type FlatfileApi } from '../../shared/flatfile/client.js';
import { uploadFile } from '../../shared/flatfile/upload.js';

const TOKEN = 'sk_test_bundle';
type Client = typeof import('../../shared/flatfile/client.js') & typeof import('../../shared/flatfile/all-resources.js');

let work: string;
let metafile: Metafile;
let bundled: Client;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'flatfeed-flatfile-bundle-'));
  const entry = join(work, 'entry.ts');
  writeFileSync(
    entry,
    [
      `export * from ${JSON.stringify(join(PROJECT_ROOT, 'shared/flatfile/client.ts'))};`,
      `export * from ${JSON.stringify(join(PROJECT_ROOT, 'shared/flatfile/all-resources.ts'))};`,
    ].join('\n'),
  );
  metafile = await bundleEntry(entry, join(work, 'out'));
  // Imported without its source map: vitest would look for the map's sources (plugin-made modules have no file)
  // and print a warning in a passing run.
  const out = join(work, 'out', 'index.mjs');
  writeFileSync(out, readFileSync(out, 'utf8').replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n'));
  bundled = (await import(pathToFileURL(out).href)) as Client;
}, 120_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

const inputs = () => Object.keys(metafile.inputs);

describe('the bundled Flatfile client', () => {
  it('leaves out the SDK barrels, node-fetch and form-data, and keeps the schemas the clients use', () => {
    const files = inputs();
    expect(files).not.toContain('node_modules/@flatfile/api/serialization/index.js');
    expect(files).not.toContain('node_modules/@flatfile/api/serialization/resources/index.js');
    expect(files).not.toContain('node_modules/@flatfile/api/api/index.js');
    expect(files.filter((f) => /node_modules\/(node-fetch|form-data|whatwg-url|tr46|mime-db)\//.test(f))).toEqual([]);
    // A schema only some other resource uses (agents), and one the records client uses.
    expect(files).not.toContain('node_modules/@flatfile/api/serialization/resources/agents/types/Agent.js');
    expect(files).toContain('node_modules/@flatfile/api/serialization/resources/records/types/RecordsResponse.js');
    // A stand-in for the serialization barrel of each of the nine clients (all but jobs also require `Flatfile`).
    const standIns = files.filter((f) => f.startsWith('flatfile-api-pruned:'));
    expect(standIns.filter((f) => f.endsWith('/client/Client.js?../../../../serialization/index'))).toHaveLength(9);
    expect(standIns.filter((f) => f.endsWith('/client/Client.js?../../../index'))).toHaveLength(8);
  });

  it('gives the same results as the unbundled client for every resource method the pipeline calls', async () => {
    const [plain, viaBundle] = await Promise.all([
      withEmulator((e) => scenario(createFlatfileClient({ token: TOKEN, apiUrl: e.url }, ALL_FLATFILE_RESOURCES), e)),
      withEmulator((e) => scenario(bundled.createFlatfileClient({ token: TOKEN, apiUrl: e.url }, bundled.ALL_FLATFILE_RESOURCES), e)),
    ]);
    expect(viaBundle.map(([step]) => step)).toEqual(PIPELINE_METHODS);
    expect(viaBundle).toEqual(plain);
    // The responses went through the schemas (dates parsed), not around them.
    expect(plain.find(([step]) => step === 'spaces.get')?.[1]).toMatchObject({ createdAt: '<Date>' });
  }, 120_000);
});

describe('the scenario above', () => {
  it('calls every resource method shared/ and functions/ call', () => {
    const called = new Set<string>();
    for (const dir of ['shared', 'functions']) {
      for (const file of readdirSync(join(PROJECT_ROOT, dir), { recursive: true, encoding: 'utf8' })) {
        if (!file.endsWith('.ts')) continue;
        const source = readFileSync(join(PROJECT_ROOT, dir, file), 'utf8');
        for (const m of source.matchAll(/\.(commits|events|files|jobs|records|sheets|spaces|workbooks)\.([A-Za-z]+)\(/g)) called.add(`${m[1]}.${m[2]}`);
      }
    }
    expect(called.size).toBeGreaterThan(20);
    expect([...called].filter((method) => !PIPELINE_METHODS.includes(method))).toEqual([]);
  });
});

describe('flatfileApiPlugin', () => {
  it('fails the build when a client uses a name the SDK does not export', async () => {
    const pkg = fakeFlatfileApi(`exports.serializers = serializers.NoSuchSchema.parseOrThrow;`);
    await expect(bundleFake(pkg)).rejects.toThrow(/Client\.js: serializers\.NoSuchSchema\.parseOrThrow is not exported by \.\.\/\.\.\/\.\.\/\.\.\/serialization\/index/);
  });

  it('fails the build when a client uses a barrel other than by property access', async () => {
    const pkg = fakeFlatfileApi(`exports.all = serializers;`);
    await expect(bundleFake(pkg)).rejects.toThrow(/Client\.js:\d+: serializers is used other than as serializers\.<name>/);
  });

  it('bundles only the schema files a client uses', async () => {
    const pkg = fakeFlatfileApi(`exports.parse = (x) => serializers.Used.parseOrThrow(x);`);
    const meta = await bundleFake(pkg);
    const files = Object.keys(meta.inputs).map((f) => f.replace(/^.*node_modules\//, ''));
    expect(files).toContain('@flatfile/api/serialization/resources/used.js');
    expect(files).not.toContain('@flatfile/api/serialization/resources/unused.js');
  });
});

// ---------------------------------------------------------------------------------------------------------------

/** Every `api.<resource>.<method>` in shared/ and functions/, in the order the scenario calls them. */
const PIPELINE_METHODS = [
  'spaces.create', 'spaces.get', 'spaces.update', 'spaces.list',
  'workbooks.create', 'workbooks.get', 'workbooks.update', 'workbooks.list',
  'files.get', 'files.download', 'files.update',
  'jobs.create', 'jobs.list', 'jobs.getExecutionPlan', 'jobs.updateExecutionPlan', 'jobs.execute', 'jobs.get',
  'sheets.getRecordCounts', 'records.get', 'sheets.getSheetCommits', 'commits.complete',
  'jobs.ack', 'jobs.complete', 'jobs.fail',
  'events.list', 'spaces.get (missing)',
  'workbooks.delete', 'spaces.delete',
];

const CSV = 'email,first name,age\nada@example.com,Ada,36\nbob@example.com,Bob,41\n';

const contacts: Flatfile.SheetConfig = {
  name: 'Contacts',
  slug: 'contacts',
  fields: [
    { key: 'email', type: 'string', label: 'Email', constraints: [{ type: 'required' }] },
    { key: 'firstName', type: 'string', label: 'First name', alternativeNames: ['first name'] },
    { key: 'age', type: 'number', label: 'Age' },
  ],
};

async function withEmulator<T>(run: (e: Emulator) => Promise<T>): Promise<T> {
  const emulator = await startEmulator({ token: TOKEN, port: 0, log: () => {} });
  try {
    return await run(emulator);
  } finally {
    await emulator.stop();
  }
}

/** The pipeline's calls in pipeline order; returns each call's result with ids and times made comparable. */
async function scenario(api: FlatfileApi, emulator: Emulator): Promise<[string, unknown][]> {
  const transcript: [string, unknown][] = [];
  const ids = new Map<string, string>();
  const note = (step: string, value: unknown) => transcript.push([step, comparable(value, ids)]);
  const environmentId = emulator.environmentId;
  const idle = () => emulator.services.jobs.idle();

  const { data: space } = await api.spaces.create({ name: 'bundle check', environmentId, metadata: { flatfeed: { feed: 'contacts' } } });
  note('spaces.create', space);
  note('spaces.get', (await api.spaces.get(space.id)).data);
  note('spaces.update', (await api.spaces.update(space.id, { metadata: { flatfeed: { feed: 'contacts', lastSync: { runId: 'r1' } } } })).data);
  // As createOnce looks for what a create whose response was lost made (shared/flatfile/create-once.ts).
  note('spaces.list', (await api.spaces.list({ environmentId, search: 'bundle check', pageSize: 100 })).data);

  const { data: destination } = await api.workbooks.create({ name: 'Contacts', spaceId: space.id, environmentId, sheets: [contacts] });
  note('workbooks.create', destination);
  note('workbooks.get', (await api.workbooks.get(destination.id)).data);
  note('workbooks.update', (await api.workbooks.update(destination.id, { metadata: { flatfeed: { runId: 'r1' } } })).data);
  note('workbooks.list', (await api.workbooks.list({ spaceId: space.id })).data);

  // Uploaded as ingress does (not through the SDK); the platform extracts CSV itself.
  const uploaded = await uploadFile({ token: TOKEN, apiUrl: emulator.url }, { spaceId: space.id, environmentId, name: 'contacts.csv' }, Readable.from([CSV]));
  await idle();
  const { data: file } = await api.files.get(uploaded.id);
  note('files.get', file);
  note('files.download', await text(await api.files.download(file.id)));
  note('files.update', (await api.files.update(file.id, { status: 'complete' })).data);

  const { data: source } = await api.workbooks.get(file.workbookId!);
  const sheetId = destination.sheets![0]!.id;
  const { data: mapJob } = await api.jobs.create({
    type: 'workbook',
    operation: 'map',
    source: source.id,
    destination: destination.id,
    managed: true,
    config: { sourceSheetId: source.sheets![0]!.id, destinationSheetId: sheetId },
    input: { flatfeed: { feed: 'contacts', fileId: file.id } },
  });
  note('jobs.create', mapJob);
  note('jobs.list', (await api.jobs.list({ source: source.id, sortDirection: 'desc', pageSize: 100 })).data);
  await idle();
  const { data: planned } = await api.jobs.getExecutionPlan(mapJob.id);
  note('jobs.getExecutionPlan', planned);
  note(
    'jobs.updateExecutionPlan',
    (
      await api.jobs.updateExecutionPlan(mapJob.id, {
        jobId: mapJob.id,
        fileId: file.id,
        fieldMapping: planned.plan.fieldMapping,
        unmappedSourceFields: planned.plan.unmappedSourceFields,
        unmappedDestinationFields: planned.plan.unmappedDestinationFields,
      })
    ).data,
  );
  note('jobs.execute', await api.jobs.execute(mapJob.id));
  await idle();
  note('jobs.get', (await api.jobs.get(mapJob.id)).data);

  note('sheets.getRecordCounts', (await api.sheets.getRecordCounts(sheetId)).data);
  note('records.get', (await api.records.get(sheetId, { includeMessages: true, pageSize: 100, pageNumber: 1 })).data);
  const { data: commits } = await api.sheets.getSheetCommits(sheetId);
  note('sheets.getSheetCommits', commits);
  const pending = commits.find((c) => !c.completedAt);
  if (!pending) throw new Error('the mapped records left no commit to complete');
  note('commits.complete', await api.commits.complete(pending.id));

  const { data: extraction } = await api.jobs.create({ type: 'file', operation: 'extract-plugin-fixed', source: file.id, status: 'ready', input: { feed: 'contacts' } });
  note('jobs.ack', (await api.jobs.ack(extraction.id, { progress: 10, info: 'Adding records' })).data);
  note('jobs.complete', (await api.jobs.complete(extraction.id, { info: 'Extraction complete', outcome: { message: 'Extracted 2 records' } })).data);
  const { data: egress } = await api.jobs.create({ type: 'workbook', operation: 'flatfeed-egress', source: destination.id, trigger: 'immediate', mode: 'background' });
  note('jobs.fail', (await api.jobs.fail(egress.id, { info: 'Egress failed', outcome: { message: 'no outbox' } })).data);
  await idle();

  note('events.list', (await api.events.list({ environmentId, spaceId: space.id, includeAcknowledged: true, pageSize: 1000, pageNumber: 1 })).data);
  note('spaces.get (missing)', await api.spaces.get('us_sp_missing').then(() => 'no error', (e: unknown) => e));
  note('workbooks.delete', await api.workbooks.delete(source.id));
  note('spaces.delete', await api.spaces.delete(space.id));
  return transcript;
}

/**
 * A value the other run can equal: ids numbered in order of appearance, Dates and timestamps by kind only, errors
 * by class, status and body. Kinds are kept, so a response that skipped its schema (a string where the SDK gives a
 * Date) still differs.
 */
function comparable(value: unknown, ids: Map<string, string>): unknown {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '<Invalid Date>' : '<Date>';
  if (value instanceof Error) {
    // Class names do not survive minification; the SDK's errors carry theirs as the message.
    const e = value as Error & { statusCode?: number; body?: unknown };
    return { error: e.message, statusCode: e.statusCode, body: comparable(e.body, ids) };
  }
  if (typeof value === 'string') {
    if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value)) return '<timestamp>';
    return value.replace(/\bus_[a-z]+_[A-Za-z0-9]+/g, (id) => {
      if (!ids.has(id)) ids.set(id, `<id ${ids.size}>`);
      return ids.get(id)!;
    });
  }
  if (Array.isArray(value)) return value.map((v) => comparable(v, ids));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, comparable(v, ids)]));
  }
  return value;
}

async function text(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks).toString('utf8');
}

/** A package shaped like @flatfile/api: one resource client and a serialization barrel with two schemas. */
function fakeFlatfileApi(clientBody: string): string {
  const root = mkdtempSync(join(work, 'fake-'));
  const pkg = join(root, 'node_modules', '@flatfile', 'api');
  const write = (file: string, text: string) => {
    mkdirSync(join(pkg, file, '..'), { recursive: true });
    writeFileSync(join(pkg, file), text);
  };
  write('package.json', JSON.stringify({ name: '@flatfile/api', main: 'index.js' }));
  const schema = "exports.NAME = { parseOrThrow: (x) => x, jsonOrThrow: (x) => x };";
  write('serialization/resources/used.js', schema.replace('NAME', 'Used'));
  write('serialization/resources/unused.js', schema.replace('NAME', 'Unused'));
  write(
    'serialization/index.js',
    [
      'var u = require("./resources/used.js"), n = require("./resources/unused.js");',
      'Object.defineProperty(exports, "Used", { enumerable: true, get: () => u.Used });',
      'Object.defineProperty(exports, "Unused", { enumerable: true, get: () => n.Unused });',
    ].join('\n'),
  );
  write(
    'api/resources/things/client/Client.js',
    ['"use strict";', 'const serializers = __importStar(require("../../../../serialization/index"));', clientBody, 'function __importStar(m) { return m; }'].join('\n'),
  );
  writeFileSync(join(root, 'entry.js'), 'export * from "@flatfile/api/api/resources/things/client/Client.js";');
  return root;
}

async function bundleFake(root: string): Promise<Metafile> {
  const result = await build({
    entryPoints: [join(root, 'entry.js')],
    absWorkingDir: root,
    bundle: true,
    platform: 'node',
    format: 'esm',
    write: false,
    metafile: true,
    logLevel: 'silent',
    plugins: [flatfileApiPlugin()],
  });
  return result.metafile;
}
