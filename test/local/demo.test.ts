import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDemo, type DemoResult } from '../../local/demo.js';
import { compareWithExpected } from '../../local/expected.js';

// `npm start`'s core, in-process: the real pipeline on every sample, once for the whole file.

let outDir: string;
let result: DemoResult;
const lines: string[] = [];
beforeAll(async () => {
  outDir = await mkdtemp(join(tmpdir(), 'flatfeed-demo-'));
  result = await runDemo({ outDir, print: (l) => lines.push(l) });
}, 180_000);
afterAll(async () => {
  await rm(outDir, { recursive: true, force: true });
});

const row = (sample: string) => result.rows.find((r) => r.sample === sample)!;
const copyOf = (sample: string, suffix: string) => row(sample).copies.find((c) => c.endsWith(suffix))!;
const lineCount = async (path: string) => (await readFile(path, 'utf8')).split('\n').filter(Boolean).length;

describe('runDemo (npm start)', () => {
  it('takes every sample through the whole pipeline to its expected state', () => {
    expect(result.timedOut).toBe(false);
    expect(result.rows.map((r) => [r.sample, r.state, r.problems])).toEqual([
      ['contacts/acme-contacts-2026-11-16.csv', 'done', []],
      ['contacts/acme-contacts-2026-11-23.xlsx', 'done', []],
      ['orders/nordwind-orders-20261120.csv.gz', 'done', []],
    ]);
    expect(result.ok).toBe(true);
  });

  it('reports the ledger counts, and the invalid ratio above the feed maximum as a note, not a failure', () => {
    expect(row('contacts/acme-contacts-2026-11-16.csv').counts).toEqual({ rowsRead: 20, recordsCreated: 20, valid: 11, invalid: 9, egressed: 11, rejected: 9 });
    expect(row('contacts/acme-contacts-2026-11-16.csv').reason).toMatch(/invalid ratio 0\.450 is above the feed's maximum 0\.2/);
    expect(row('orders/nordwind-orders-20261120.csv.gz').counts).toEqual({ rowsRead: 12, recordsCreated: 12, valid: 6, invalid: 6, egressed: 6, rejected: 6 });
  });

  it('copies every output into the out folder by bucket and key: valid records in the outbox, invalid in rejects', async () => {
    const contacts = row('contacts/acme-contacts-2026-11-16.csv');
    expect(contacts.outputs.map((o) => o.replace(contacts.runId!, '<run>').replace(/\d{4}\/\d\d\/\d\d/, '<day>'))).toEqual([
      's3://flatfeed-outbox/contacts/<day>/<run>.jsonl',
      's3://flatfeed-outbox/contacts/<day>/<run>.csv',
      's3://flatfeed-rejects/contacts/<day>/<run>.rejects.csv',
    ]);
    expect(contacts.copies).toEqual(contacts.outputs.map((o) => join(outDir, o.slice('s3://'.length))));
    expect(await lineCount(copyOf(contacts.sample, '.jsonl'))).toBe(11);
    expect(await lineCount(copyOf(contacts.sample, '.rejects.csv'))).toBe(1 + 9);
    const orders = row('orders/nordwind-orders-20261120.csv.gz');
    expect(await lineCount(copyOf(orders.sample, '.jsonl'))).toBe(6);
    const first = JSON.parse((await readFile(copyOf(orders.sample, '.jsonl'), 'utf8')).split('\n')[0]!) as Record<string, unknown>;
    expect(first).toMatchObject({ order_id: 'NW-004712', customer: 'Bäckerei Groß', sku: 'BK-220' });
  });

  it('prints a line each time a run changes state, in pipeline order, ending with its outcome', () => {
    // Polled, so a state held for less than one poll may not get a line; the order and the end are what is sure.
    const order = ['received', 'uploaded', 'extracting', 'mapping', 'validating', 'egressing', 'done'];
    const mine = lines.filter((l) => l.includes('orders/nordwind-orders-20261120.csv.gz'));
    // A stage's progress has lines of its own, within its state: `egressing — egressing 6 of 12 records …`,
    // `received — uploading 0.4 KB of 0.4 KB …`, `mapping — mapping 12 of 12 records …`,
    // `validating — validating 1 of 2 commits …`, `extracting — extracting 0.1 MB …`.
    const changes = mine.filter((l) => !/ — \S+ [\d,.]+( [KM]B)? (of [\d,.]+( [KM]B)? )?(records|commits)?/.test(l));
    const states = changes.map((l) => /\s(\S+)(?: — .*)?$/.exec(l)?.[1] ?? l);
    expect(states.filter((st) => !order.includes(st))).toEqual([]);
    const steps = states.map((st) => order.indexOf(st));
    expect(steps).toEqual([...new Set(steps)].sort((a, b) => a - b)); // each state once, never backwards
    expect(mine.at(-1)).toMatch(/done — 12 rows, 6 valid, 6 invalid$/);
  });

  it('fails, naming the folder, when there are no samples', async () => {
    await expect(runDemo({ samplesDir: 'test/local/no-such-dir', print: () => {} })).rejects.toThrow(/no sample files under test\/local\/no-such-dir/);
  });
});

describe('compareWithExpected', () => {
  const want = { state: 'done' as const, counts: { valid: 11, invalid: 9 }, outputs: 3 };
  it('is empty when state, the listed counts and the number of outputs match', () => {
    expect(compareWithExpected({ state: 'done', counts: { rowsRead: 20, valid: 11, invalid: 9 }, outputs: ['a', 'b', 'c'] }, want)).toEqual([]);
  });
  it('names every difference in counts and outputs', () => {
    expect(compareWithExpected({ state: 'done', counts: { valid: 15 }, outputs: [] }, want)).toEqual([
      'valid 15, expected 11',
      'invalid unset, expected 9',
      '0 outputs, expected 3',
    ]);
  });
  it('names only the state when the run ended elsewhere, or never began', () => {
    expect(compareWithExpected({ state: 'mismatch', counts: { valid: 15 }, outputs: [] }, want)).toEqual(['state mismatch, expected done']);
    expect(compareWithExpected({ state: 'missing', counts: {}, outputs: [] }, want)).toEqual(['no run, expected done']);
  });
  it('flags a sample with no expectation', () => {
    expect(compareWithExpected({ state: 'done', counts: {}, outputs: [] }, undefined)).toEqual(['no expectation for it in samples/expected.json']);
  });
});
