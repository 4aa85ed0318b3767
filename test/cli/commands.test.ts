import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { CliError } from '../../cli/cli-error.js';
import { DEV_FILE, writeDevFile } from '../../cli/dev-file.js';
import { createProgram } from '../../cli/program.js';
import { parseSince } from '../../cli/since.js';
import { resolveTarget } from '../../cli/target.js';
import { buildTopology } from '../../infra/topology.js';
import { startLocalAws, type LocalAws } from '../../local/aws.js';
import { createDocumentClient } from '../../shared/aws/clients.js';
import { Ledger } from '../../shared/ledger/index.js';
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
  await ledger.createRun({ runId: 'run_orders1', feed: 'orders', key: 'nordwind/orders/o.csv.gz', state: 'done', counts: { rowsRead: 12, recordsCreated: 12, valid: 6, invalid: 6, egressed: 6, rejected: 6 }, outputs: ['s3://flatfeed-outbox/orders/2026/11/20/run_orders1.jsonl', 's3://flatfeed-rejects/orders/2026/11/20/run_orders1.rejects.csv'], reason: "invalid ratio 0.500 is above the feed's maximum 0.05 (6 of 12)", ...common });
  const later = new Ledger(createDocumentClient(local.clients.dynamodb), local.names.tables.ledger, () => new Date('2026-11-21T07:00:00Z'));
  await later.createRun({ runId: 'run_review1', feed: 'contacts', key: 'acme/contacts/kontakte.csv', state: 'needs-review', reason: 'required field email could not be mapped', missingFields: ['email'], ...common });
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
    await expect(flatfeed('drop', 'x.csv', '--feed', 'nope', '--manifest', MANIFEST)).rejects.toThrow(
      new CliError(`no feed "nope" in ${MANIFEST}; feeds: contacts, orders`),
    );
  });
});

describe('flatfeed runs', () => {
  it('lists the runs of every feed, newest first', async () => {
    expect((await flatfeed('runs', '--manifest', MANIFEST)).split('\n')).toEqual([
      'created (UTC)        feed      key                         state         rows  valid  invalid  outputs  run id',
      '-------------------  --------  --------------------------  ------------  ----  -----  -------  -------  -----------',
      '2026-11-21 07:00:00  contacts  acme/contacts/kontakte.csv  needs-review     -      -        -        0  run_review1',
      '2026-11-20 06:00:00  orders    nordwind/orders/o.csv.gz    done            12      6        6        2  run_orders1',
    ]);
  });

  it('filters by feed and time, and prints JSON on request', async () => {
    const all = JSON.parse(await flatfeed('runs', '--feed', 'orders', '--json')) as { runId: string }[];
    expect(all.map((r) => r.runId)).toEqual(['run_orders1']);
    const since = JSON.parse(await flatfeed('runs', '--since', '2026-11-21', '--json', '--manifest', MANIFEST)) as { runId: string }[];
    expect(since.map((r) => r.runId)).toEqual(['run_review1']);
  });
});

describe('flatfeed run', () => {
  it('shows every field of one run', async () => {
    expect((await flatfeed('run', 'run_orders1')).split('\n')).toEqual([
      'run id           run_orders1',
      'feed             orders',
      'state            done',
      "reason           invalid ratio 0.500 is above the feed's maximum 0.05 (6 of 12)",
      'source           s3://flatfeed-inbox/nordwind/orders/o.csv.gz',
      'etag             e1',
      'created          2026-11-20T06:00:00.000Z',
      'updated          2026-11-20T06:00:00.000Z',
      'rows read        12',
      'records created  12',
      'valid            6',
      'invalid          6',
      'egressed         6',
      'rejected         6',
      'outputs          s3://flatfeed-outbox/orders/2026/11/20/run_orders1.jsonl',
      '                 s3://flatfeed-rejects/orders/2026/11/20/run_orders1.rejects.csv',
      'bytes in         574',
    ]);
    expect(await flatfeed('run', 'run_review1')).toContain('missing fields  email');
  });

  it('says so when the run does not exist', async () => {
    await expect(flatfeed('run', 'run_nope')).rejects.toThrow(new CliError(`no run run_nope in flatfeed-ledger on the local dev stack (${DEV_FILE})`));
  });
});

describe('resolveTarget', () => {
  it('uses the dev stack unless names or other endpoints point elsewhere', async () => {
    const dev = await resolveTarget({}, { ...local.env });
    expect([dev.where, dev.inboxBucket, dev.ledgerTable]).toEqual([`the local dev stack (${DEV_FILE})`, 'flatfeed-inbox', 'flatfeed-ledger']);
    const aws = await resolveTarget({ table: 'prod-ledger' }, {});
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
