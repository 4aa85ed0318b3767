import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseDocument } from 'yaml';
import { draftFeed, guessField } from '../../cli/init-feed.js';
import { createProgram } from '../../cli/program.js';
import { tryFile } from '../../cli/try-file.js';
import { ManifestError } from '../../shared/errors/index.js';
import { DEFAULT_MANIFEST_PATH, loadManifest } from '../../shared/manifest/index.js';
import { parseManifest } from '../../shared/manifest/parse-yaml.js';
import { loadFeedHooks } from '../../shared/validate/hooks.js';

// validate, try and init on the project's own manifest and sample files: nothing is started or written.

const MANIFEST = resolve(DEFAULT_MANIFEST_PATH);
const expected = JSON.parse(readFileSync('samples/expected.json', 'utf8')) as Record<string, { counts: { rowsRead: number; valid: number; invalid: number } }>;
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'flatfeed-authoring-'));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

async function flatfeed(...args: string[]): Promise<string> {
  const logged: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((line: unknown) => void logged.push(String(line)));
  await createProgram().parseAsync(args, { from: 'user' });
  return logged.join('\n');
}

describe('flatfeed validate', () => {
  it('checks the manifest and loads every hook module, starting nothing', async () => {
    expect((await flatfeed('validate', '-m', MANIFEST)).split('\n')).toEqual([
      `✓ ${MANIFEST}: 2 feeds, no problems`,
      '  contacts  s3://<inbox>/acme/contacts/  csv tsv xlsx jsonl  8 fields (required: email, first_name)',
      '  orders  s3://<inbox>/nordwind/orders/  csv  8 fields (required: order_id, customer, sku, quantity, order_date)  hooks hooks/orders.ts',
    ]);
    const json = JSON.parse(await flatfeed('validate', '-m', MANIFEST, '--json')) as { valid: boolean; feeds: { name: string }[] };
    expect(json.valid).toBe(true);
    expect(json.feeds.map((f) => f.name)).toEqual(['contacts', 'orders']);
  });

  it('refuses a hook module that loads but is not hooks, naming the key', async () => {
    // A missing module is the manifest loader's to refuse (at its line); one that is there is loaded and checked here.
    const text = readFileSync(MANIFEST, 'utf8').replace('hooks: hooks/orders.ts', 'hooks: hooks/bad.ts');
    const path = join(dir, 'feeds.yaml');
    await mkdir(join(dir, 'hooks'), { recursive: true });
    await writeFile(join(dir, 'hooks', 'bad.ts'), 'export default 42;\n');
    await writeFile(path, text);
    const err = await flatfeed('validate', '-m', path).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ManifestError);
    expect((err as ManifestError).problems).toEqual([
      `${path} feeds[1].validation.hooks: ${join(dir, 'hooks', 'bad.ts')}: expected a default export like { record(record, ctx) { … } }`,
    ]);
  });
});

describe('flatfeed try', () => {
  const manifest = loadManifest(MANIFEST);
  // The pipeline's own steps, offline, agree with what the whole pipeline makes of each sample (samples/expected.json).
  it.each(Object.keys(expected))('counts %s as the pipeline does', async (sample) => {
    const feed = (await manifest).feeds.find((f) => f.name === sample.split('/')[0])!;
    const report = await tryFile(join('samples', sample), feed, { hooks: await loadFeedHooks(feed, 'feeds') });
    const want = expected[sample]!.counts;
    expect([report.rows, report.valid, report.invalid]).toEqual([want.rowsRead, want.valid, want.invalid]);
    expect(report.decision.action).toBe('execute');
  });

  it('says what it sniffed, the plan with certainties, and the rows as egress writes them', async () => {
    const out = (await flatfeed('try', 'samples/orders/nordwind-orders-20261120.csv.gz', '--feed', 'orders', '-m', MANIFEST, '--rows', '2')).split('\n');
    expect(out.slice(0, 7)).toEqual([
      'samples/orders/nordwind-orders-20261120.csv.gz (574 bytes) as feed "orders"',
      '',
      'sniffed',
      '  format     csv',
      '  encoding   windows-1252',
      '  delimiter  semicolon',
      '  header     "Bestellnummer", "Kunde", "Artikelnummer", "Bezeichnung", "Menge", "Einzelpreis", "Währung", "Bestelldatum"',
    ]);
    expect(out).toContain('  order_id     yes       Bestellnummer  absolute   manifest');
    expect(out).toContain('records    12 read, 6 valid, 6 invalid');
    // The first invalid rows, each with the reasons its rejects line would give.
    const invalid = out.indexOf('first invalid rows, with the reasons the rejects file gives');
    expect(out.slice(invalid + 1, invalid + 5).filter((l) => /^ {2}row /.test(l))).toEqual([
      '  row 1: order_id: Value is not unique',
      '  row 5: order_id: expected an order number like NW-004711, got "NW-4715"',
    ]);
    expect(out.at(-1)).toBe('Nothing was uploaded or written.');
  });

  it('shows a mapping that needs a person, with the fieldMap that would avoid it', async () => {
    const file = join(dir, 'kontakte.csv');
    await writeFile(file, 'E-Post,Vorname,Nachname\nanna@example.de,Anna,Schmidt\n');
    const contacts = (await manifest).feeds.find((f) => f.name === 'contacts')!;
    const report = await tryFile(file, contacts);
    // "Vorname" is an alias of first_name in the manifest; "E-Post" is nothing the manifest or the platform knows.
    expect(report.decision).toEqual({ action: 'review', missingFields: ['email'], reason: 'required field email could not be mapped with strong certainty or better' });
    const out = await flatfeed('try', file, '--feed', 'contacts', '-m', MANIFEST);
    expect(out).toContain('      mapping:\n        fieldMap:\n          "<one of the headers above>": email');
  });

  it('reports a file the pipeline would refuse, with its reason', async () => {
    const file = join(dir, 'empty.csv');
    await writeFile(file, '   \n');
    const contacts = (await manifest).feeds.find((f) => f.name === 'contacts')!;
    expect((await tryFile(file, contacts)).refused).toEqual({ reason: 'empty-file', message: 'file has no content (only whitespace)' });
  });
});

describe('flatfeed init', () => {
  it('drafts a feed from the contacts sample that the manifest schema accepts', async () => {
    const draft = await draftFeed('samples/contacts/acme-contacts-2026-11-16.csv');
    const feed = draft.feed as { name: string; format: { accept: string[] }; fields: { key: string; type: string; required?: boolean; format?: string; dateFormats?: string[]; options?: unknown[]; aliases?: string[] }[] };
    expect(feed.name).toBe('acme-contacts');
    expect(feed.format.accept).toEqual(['csv']);
    expect(feed.fields.map((f) => [f.key, f.type])).toEqual([
      ['email_address', 'string'],
      ['first_name', 'string'],
      ['last_name', 'string'],
      ['phone', 'string'],
      ['company', 'string'],
      ['country', 'string'],
      ['status', 'enum'],
      ['signed_up', 'date'],
    ]);
    expect(feed.fields[0]).toMatchObject({ format: 'email', aliases: ['Email Address'] });
    expect(feed.fields[7]!.dateFormats).toEqual(['YYYY-MM-DD', 'MM/DD/YYYY', 'M/D/YYYY']);
    // The YAML printed is a feed the manifest loads as it is.
    const manifest = parseManifest(`version: 1\nfeeds:\n${draft.yaml.replace(/^/gm, '  ')}`, 'draft.yaml');
    expect(manifest.feeds[0]!.fields).toHaveLength(8);
  });

  it('reads the orders sample through its gzip and Windows-1252 encoding, declaring both', async () => {
    const draft = await draftFeed('samples/orders/nordwind-orders-20261120.csv.gz', { name: 'nordwind' });
    const feed = draft.feed as { format: Record<string, unknown>; fields: { key: string; type: string; label: string }[] };
    expect(feed.format).toEqual({ accept: ['csv'], encoding: 'windows-1252', delimiter: ';' });
    expect(feed.fields.map((f) => f.label)).toContain('Währung');
    expect(parseDocument(draft.yaml).errors).toEqual([]);
  });

  it('guesses types from values', () => {
    expect(guessField('qty', 'qty', ['1', '2.5', '']).type).toBe('number');
    expect(guessField('ok', 'ok', ['yes', 'no', 'yes'])).toMatchObject({ type: 'boolean', required: true });
    expect(guessField('d', 'd', ['17.11.2026', '01.02.2026'])).toMatchObject({ type: 'date', dateFormats: ['DD.MM.YYYY'] });
    expect(guessField('name', 'name', ['Ada', 'Bob', 'Cy']).type).toBe('string');
  });
});
