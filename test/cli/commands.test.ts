import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, afterEach, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import { CliError } from '../../cli/cli-error.js';
import { DEV_FILE, writeDevFile } from '../../cli/dev-file.js';
import { createProgram } from '../../cli/program.js';
import { parseSince } from '../../cli/since.js';
import { resolveTarget } from '../../cli/target.js';
import { buildTopology } from '../../infra/topology.js';
import { startLocalAws, type LocalAws } from '../../local/aws.js';
import { DeleteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../../shared/aws/clients.js';
import { Ledger } from '../../shared/ledger/index.js';
import { PartnerCsvWriter } from '../../shared/egress/partner-csv.js';
import { DEFAULT_MANIFEST_PATH, loadManifest } from '../../shared/manifest/index.js';

// drop, runs and run against a started local stack, found the way a user's second shell finds `npm run dev`:
// through .flatfeed/dev.json in the working directory (this file runs in its own forked worker, so chdir is safe).

const MANIFEST = resolve(DEFAULT_MANIFEST_PATH);
const REPO = process.cwd();
let local: LocalAws;
let dir: string;
let ledger: Ledger;
let logged: string[];

beforeAll(async () => {
  local = await startLocalAws({ topology: buildTopology(await loadManifest(MANIFEST)) });
  dir = await mkdtemp(join(tmpdir(), 'flatfeed-cli-'));
  process.chdir(dir);
  await writeDevFile({
    pid: process.pid,
    env: local.env,
    buckets: local.names.buckets,
    tables: { ledger: local.names.tables.ledger },
    flatfile: { environmentId: 'us_env_test' },
  });
  ledger = new Ledger(createDocumentClient(local.clients.dynamodb), local.names.tables.ledger, () => new Date('2026-11-20T06:00:00Z'));
  const common = { bucket: 'flatfeed-inbox', etag: 'e1', bytesIn: 574 };
  await ledger.createRun({ runId: 'run_orders1', feed: 'orders', key: 'nordwind/orders/o.csv.gz', state: 'done', counts: { rowsRead: 12, blankRows: 2, recordsCreated: 12, valid: 6, invalid: 6, egressed: 6, rejected: 6 }, outputs: ['s3://flatfeed-outbox/orders/2026/11/20/run_orders1.jsonl', 's3://flatfeed-rejects/orders/2026/11/20/run_orders1.rejects.csv'], reason: "invalid ratio 0.500 is above the feed's maximum 0.05 (6 of 12)", ...common });
  const later = new Ledger(createDocumentClient(local.clients.dynamodb), local.names.tables.ledger, () => new Date('2026-11-21T07:00:00Z'));
  await later.createRun({ runId: 'run_review1', feed: 'contacts', key: 'acme/contacts/kontakte.csv', state: 'needs-review', reason: 'required field email could not be mapped', missingFields: ['email'], ...common });
  // A feed the manifest no longer has: `runs` still lists it.
  const older = new Ledger(createDocumentClient(local.clients.dynamodb), local.names.tables.ledger, () => new Date('2026-11-19T05:00:00Z'));
  await older.createRun({ runId: 'run_legacy1', feed: 'legacy', key: 'old/feed/file.csv', state: 'rejected', reason: 'empty-file: file has no content', ...common });
  // The rejects file `run` counts reasons from: two records, three reasons.
  await local.clients.s3.send(
    new PutObjectCommand({
      Bucket: 'flatfeed-rejects',
      Key: 'orders/2026/11/20/run_orders1.rejects.csv',
      Body: 'order_id,quantity,reasons\nA1,-1,quantity: must be at least 1; currency: is required\nA2,x,quantity: must be at least 1\n',
    }),
  );
  // A run in flight with the stages' timeline (the fields the run engineer's stages write).
  const live = new Ledger(createDocumentClient(local.clients.dynamodb), local.names.tables.ledger, () => new Date('2026-11-20T06:30:00Z'));
  await live.createRun({ runId: 'run_live1', feed: 'contacts', key: 'acme/contacts/big.csv', state: 'received', ...common });
  await createDocumentClient(local.clients.dynamodb).send(
    new UpdateCommand({
      TableName: local.names.tables.ledger,
      Key: { pk: 'RUN#run_live1', sk: 'RUN' },
      UpdateExpression: 'SET #state = :state, stages = :stages, progress = :progress, lastError = :error',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: {
        ':state': 'extracting',
        ':stages': { received: { startedAt: '2026-11-20T06:30:00.000Z', endedAt: '2026-11-20T06:30:02.500Z' }, extracting: { startedAt: '2026-11-20T06:30:03.000Z' } },
        ':progress': { stage: 'extracting', done: 120_000, total: 300_000, at: '2026-11-20T06:30:18.000Z' },
        ':error': { at: '2026-11-20T06:30:01.000Z', stage: 'received', code: 'http-429', message: 'HTTP 429 from Flatfile; retried' },
      },
    }),
  );
});
afterAll(async () => {
  process.chdir(REPO);
  await rm(dir, { recursive: true, force: true });
  await local?.stop();
});
afterEach(() => vi.restoreAllMocks());

async function flatfeed(...args: string[]): Promise<string> {
  logged = [];
  vi.spyOn(console, 'log').mockImplementation((line: unknown) => void logged.push(String(line)));
  await createProgram().exitOverride().parseAsync(args, { from: 'user' });
  return logged.join('\n');
}

describe('flatfeed drop', () => {
  it("puts the file into the dev stack's inbox under the feed's prefix", async () => {
    const file = join(dir, 'weekly export.csv');
    await writeFile(file, 'email,first_name\nx@example.com,X\n');
    const out = await flatfeed('drop', file, '--feed', 'contacts', '--manifest', MANIFEST);
    expect(out).toContain(`→ s3://flatfeed-inbox/acme/contacts/weekly export.csv (33 bytes) on the local dev stack (${DEV_FILE})`);
    const object = await local.clients.s3.send(new GetObjectCommand({ Bucket: 'flatfeed-inbox', Key: 'acme/contacts/weekly export.csv' }));
    expect(await object.Body!.transformToString()).toBe('email,first_name\nx@example.com,X\n');
  });

  it('refuses a feed the manifest does not have, naming the ones it has', async () => {
    await writeFile(join(dir, 'x.csv'), 'a\n1\n');
    await expect(flatfeed('drop', join(dir, 'x.csv'), '--feed', 'nope', '--manifest', MANIFEST)).rejects.toThrow(
      new CliError(`no feed "nope" in ${MANIFEST}; feeds: contacts, orders`),
    );
  });
});

describe('flatfeed runs', () => {
  it('lists the runs of every feed, newest first', async () => {
    // No manifest is read: a run of a feed the manifest does not have (legacy) is listed too.
    expect((await flatfeed('runs')).split('\n')).toEqual([
      'run id       created (UTC)        feed      state         rows  valid  invalid  out  key',
      '-----------  -------------------  --------  ------------  ----  -----  -------  ---  --------------------------',
      'run_review1  2026-11-21 07:00:00  contacts  needs-review     -      -        -    0  acme/contacts/kontakte.csv',
      'run_live1    2026-11-20 06:30:00  contacts  extracting       -      -        -    0  acme/contacts/big.csv',
      'run_orders1  2026-11-20 06:00:00  orders    done            12      6        6    2  nordwind/orders/o.csv.gz',
      'run_legacy1  2026-11-19 05:00:00  legacy    rejected         -      -        -    0  old/feed/file.csv',
    ]);
  });

  it('filters by feed and time, and prints JSON on request', async () => {
    const all = JSON.parse(await flatfeed('runs', '--feed', 'orders', '--json')) as { runId: string }[];
    expect(all.map((r) => r.runId)).toEqual(['run_orders1']);
    const since = JSON.parse(await flatfeed('runs', '--since', '2026-11-21', '--json')) as { runId: string }[];
    expect(since.map((r) => r.runId)).toEqual(['run_review1']);
  });
});

describe('flatfeed run', () => {
  it('shows state, counts, why records were invalid (counted from the rejects file), outputs and ids', async () => {
    expect((await flatfeed('run', 'run_orders1')).split('\n')).toEqual([
      'run id   run_orders1',
      'feed     orders',
      'state    done',
      "reason   invalid ratio 0.500 is above the feed's maximum 0.05 (6 of 12)",
      'source   s3://flatfeed-inbox/nordwind/orders/o.csv.gz',
      'created  2026-11-20T06:00:00.000Z',
      'updated  2026-11-20T06:00:00.000Z',
      '',
      'counts',
      '  rows read               12',
      '  blank rows               2',
      '  records created         12',
      '  valid                    6',
      '  invalid                  6',
      '  egressed                 6',
      '  rejected                 6',
      '',
      'why records were invalid (from the rejects file)',
      '       2  quantity: must be at least 1',
      '       1  currency: is required',
      '',
      'outputs',
      '  s3://flatfeed-outbox/orders/2026/11/20/run_orders1.jsonl',
      '  s3://flatfeed-rejects/orders/2026/11/20/run_orders1.rejects.csv',
      '',
      'etag      e1',
      'bytes in  574',
    ]);
    expect(await flatfeed('run', 'run_review1')).toContain('missing fields  email');
  });

  it('reads a partner-layout rejects file as it was written: their delimiter and encoding', async () => {
    // A partner-layout rejects file (egress.rejectsLayout: partner), written by egress's own writer as their file was:
    // ';', windows-1252, CRLF; reasons holding ',' and ';' inside quotes, and their unmapped column before them. The
    // run exists only during this test, so the listings above stay as they are.
    await ledger.createRun({ runId: 'run_partner1', feed: 'orders', key: 'nordwind/orders/bestellung.csv', state: 'done', counts: { rowsRead: 3, recordsCreated: 3, valid: 1, invalid: 2, egressed: 1, rejected: 2 }, outputs: ['s3://flatfeed-rejects/orders/2026/11/20/run_partner1.rejects.csv'], bucket: 'flatfeed-inbox', etag: 'e2' });
    onTestFinished(() => createDocumentClient(local.clients.dynamodb).send(new DeleteCommand({ TableName: local.names.tables.ledger, Key: { pk: 'RUN#run_partner1', sk: 'RUN' } })).then(() => undefined));
    const partner = new PartnerCsvWriter(
      { s3: local.clients.s3, bucket: 'flatfeed-rejects', key: 'orders/2026/11/20/run_partner1.rejects.csv', contentType: 'text/csv; charset=utf-8' },
      ['row', 'Bestellnummer', 'Menge', 'Notiz', 'reasons'],
      { delimiter: ';', encoding: 'windows-1252', lineEnd: '\r\n' },
    );
    partner.addCells([2, 'B1', '-1', 'Größe; Farbe', 'Menge: muss mindestens 1 sein; Währung: fehlt, bitte „EUR“ angeben']);
    partner.addCells([3, 'B2', 'x', '', 'Menge: muss mindestens 1 sein; Notiz: zu lang; siehe Handbuch']);
    await partner.end();
    const out = (await flatfeed('run', 'run_partner1')).split('\n');
    const at = out.indexOf('why records were invalid (from the rejects file)');
    expect(at).toBeGreaterThan(0);
    // A message holding '; ' stays one reason.
    expect(out.slice(at + 1, at + 5)).toEqual([
      '       2  Menge: muss mindestens 1 sein',
      '       1  Notiz: zu lang; siehe Handbuch',
      '       1  Währung: fehlt, bitte „EUR“ angeben',
      '',
    ]);
  });

  it('for needs-review, shows the headers of the file in the inbox and a fieldMap to paste', async () => {
    await local.clients.s3.send(
      new PutObjectCommand({ Bucket: 'flatfeed-inbox', Key: 'acme/contacts/kontakte.csv', Body: 'E-Post,Vorname,Nachname\nanna@example.de,Anna,Schmidt\n' }),
    );
    const out = await flatfeed('run', 'run_review1', '-m', MANIFEST);
    expect(out).toContain(`the file's headers  "E-Post", "Vorname", "Nachname"`);
    expect(out).toContain(
      [
        'add to feed "contacts" in the manifest for the next files; this one waits in Flatfile for a person to map it:',
        '',
        '    mapping:',
        '      fieldMap:',
        '        "<one of the headers above>": email',
      ].join('\n'),
    );
  });

  it('shows the timeline, live progress with rate and ETA, and the last error', async () => {
    const out = (await flatfeed('run', 'run_live1')).split('\n');
    expect(out).toContain('progress    extracting 120,000 of 300,000 records (40%), 8,000/s, ETA 23 s');
    expect(out).toContain('last error  2026-11-20T06:30:01.000Z received: http-429: HTTP 429 from Flatfile; retried');
    const at = out.indexOf('timeline');
    expect(out.slice(at, at + 5)).toEqual([
      'timeline',
      expect.stringMatching(/^ {2}stage {7}started \(UTC\) {8}ended \(UTC\) +took$/),
      expect.stringMatching(/^ {2}-{10} {2}-{19} {2}-{19} {2}-+$/),
      expect.stringMatching(/^ {2}received    2026-11-20 06:30:00  2026-11-20 06:30:02 +2\.5 s$/),
      // Still running: how long so far, by the clock.
      expect.stringMatching(/^ {2}extracting  2026-11-20 06:30:03  running {14}.* (s|min)$/),
    ]);
  });

  it('gives the timeline in --json as the ledger holds it', async () => {
    const run = JSON.parse(await flatfeed('run', 'run_live1', '--json')) as Record<string, unknown>;
    expect(run).toMatchObject({
      runId: 'run_live1',
      state: 'extracting',
      stages: { received: { startedAt: '2026-11-20T06:30:00.000Z', endedAt: '2026-11-20T06:30:02.500Z' }, extracting: { startedAt: '2026-11-20T06:30:03.000Z' } },
      progress: { stage: 'extracting', done: 120_000, total: 300_000, at: '2026-11-20T06:30:18.000Z' },
      lastError: { stage: 'received', code: 'http-429' },
    });
  });

  it('says so when the run does not exist', async () => {
    await expect(flatfeed('run', 'run_nope')).rejects.toThrow(new CliError(`no run run_nope in flatfeed-ledger on the local dev stack (${DEV_FILE})`));
  });
});

describe('flatfeed get', () => {
  it("copies a run's outputs out of the stack as <dir>/<bucket>/<key>, and says where", async () => {
    await local.clients.s3.send(new PutObjectCommand({ Bucket: 'flatfeed-outbox', Key: 'orders/2026/11/20/run_orders1.jsonl', Body: '{"order_id":"A3"}\n' }));
    const out = join(dir, 'got');
    const copied = JSON.parse(await flatfeed('get', 'run_orders1', '--out', out, '--json')) as { from: string; to: string }[];
    expect(copied).toEqual([
      { from: 's3://flatfeed-outbox/orders/2026/11/20/run_orders1.jsonl', to: join(out, 'flatfeed-outbox/orders/2026/11/20/run_orders1.jsonl') },
      { from: 's3://flatfeed-rejects/orders/2026/11/20/run_orders1.rejects.csv', to: join(out, 'flatfeed-rejects/orders/2026/11/20/run_orders1.rejects.csv') },
    ]);
    expect(await readFile(copied[0]!.to, 'utf8')).toBe('{"order_id":"A3"}\n');
    expect(await readFile(copied[1]!.to, 'utf8')).toContain('A2,x,quantity: must be at least 1');
  });

  it('says why when a run has nothing to copy', async () => {
    await expect(flatfeed('get', 'run_review1')).rejects.toThrow(
      new CliError('run run_review1 has no outputs (state needs-review: required field email could not be mapped)'),
    );
  });
});

describe('resolveTarget', () => {
  it('uses the dev stack unless names or other endpoints point elsewhere', async () => {
    const dev = await resolveTarget({}, { ...local.env });
    expect([dev.where, dev.inboxBucket, dev.ledgerTable]).toEqual([`the local dev stack (${DEV_FILE})`, 'flatfeed-inbox', 'flatfeed-ledger']);
    const aws = await resolveTarget({ ledgerTable: 'prod-ledger' }, {});
    expect([aws.where, aws.inboxBucket, aws.ledgerTable]).toEqual(['AWS', undefined, 'prod-ledger']);
    const elsewhere = await resolveTarget({}, { AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:1', INBOX_BUCKET: 'b' });
    expect([elsewhere.where, elsewhere.inboxBucket]).toEqual(['AWS', 'b']);
    for (const t of [dev, aws, elsewhere]) t.destroy();
  });

  it('ignores a dev file whose process has ended', async () => {
    const stale = join(dir, 'stale.json');
    await writeDevFile({ pid: 2 ** 22 + 12345, env: local.env, buckets: {}, tables: { ledger: 'x' }, flatfile: { environmentId: 'e' } }, stale);
    const t = await resolveTarget({}, {}, stale);
    expect(t.where).toBe('AWS');
    t.destroy();
  });
});

describe('parseSince', () => {
  const now = new Date('2026-11-22T12:00:00Z');
  it('reads spans back from now and dates', () => {
    expect(parseSince('30m', now)).toBe('2026-11-22T11:30:00.000Z');
    expect(parseSince('24h', now)).toBe('2026-11-21T12:00:00.000Z');
    expect(parseSince('7d', now)).toBe('2026-11-15T12:00:00.000Z');
    expect(parseSince('2026-11-20', now)).toBe('2026-11-20T00:00:00.000Z');
  });
  it('refuses anything else with an example', () => {
    expect(() => parseSince('yesterday', now)).toThrow(/expected a span such as 30m, 24h, 7d or a date such as 2026-11-20/);
  });
});
