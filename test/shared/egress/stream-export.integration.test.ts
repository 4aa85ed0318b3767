import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../../emulator/index.js';
import type { FaultOptions } from '../../../emulator/faults.js';
import { egressKeys } from '../../../shared/egress/keys.js';
import { streamExport } from '../../../shared/egress/stream-export.js';
import { rowNumbers } from '../../../shared/egress/row-numbers.js';
import { Feed } from '../../../shared/manifest/schema.js';
import { startFauxqs, type FauxqsServer } from '../../../local/fauxqs.js';

// streamExport against the emulator (both read endpoints: v2 JSON Lines for valid records, v1 for invalid ones) and
// fauxqs, with pages small enough that a few records span several pages of each read.

const TOKEN = 'stream-export';
const region = 'us-east-1';
const FIELDS = ['email', 'name', 'age'];
const feed = Feed.parse({
  name: 'people',
  source: { inboxPrefix: 'people/' },
  format: { accept: ['csv'] },
  sheet: { slug: 'people', name: 'People' },
  fields: [
    { key: 'email', type: 'string', required: true },
    { key: 'name', type: 'string' },
    { key: 'age', type: 'number' },
  ],
  egress: { formats: ['jsonl', 'csv'], pageSize: 3, rejects: true },
});

let s3: FauxqsServer;
let client: S3Client;

beforeAll(async () => {
  s3 = await startFauxqs(region);
  client = new S3Client({ endpoint: s3.endpoint, forcePathStyle: true, region, credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  for (const bucket of ['outbox', 'rejects']) await client.send(new CreateBucketCommand({ Bucket: bucket }));
});
afterAll(async () => {
  client?.destroy();
  await s3?.stop();
});

async function seeded(faults?: FaultOptions, count = 10): Promise<{ emulator: Emulator; sheetId: string; ids: string[] }> {
  const emulator = await startEmulator({ token: TOKEN, port: 0, ...(faults ? { faults } : {}) });
  const call = async (method: string, path: string, body: unknown) => {
    const res = await fetch(`${emulator.url}/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return ((await res.json()) as { data: any }).data;
  };
  const space = await call('POST', '/spaces', { name: 'egress' });
  const sheet = { name: 'People', slug: 'people', fields: FIELDS.map((key) => ({ key, type: key === 'age' ? 'number' : 'string' })) };
  const wb = await call('POST', '/workbooks', { name: 'People', spaceId: space.id, sheets: [sheet] });
  const ids: string[] = [];
  for (let at = 0; at < count; at += 10_000) {
    const records = Array.from({ length: Math.min(10_000, count - at) }, (_, k) => {
      const i = at + k;
      return {
        email: { value: `u${i}@example.com`, ...(i % 4 === 1 ? { messages: [{ type: 'error', message: 'bounced' }] } : {}) },
        name: { value: i === 2 ? '=HYPERLINK("x")' : `Name, ${i}` },
        age: { value: 20 + i },
      };
    });
    const inserted = await call('POST', `/sheets/${wb.sheets[0].id}/records`, records);
    ids.push(...inserted.records.map((r: { id: string }) => r.id));
  }
  return { emulator, sheetId: wb.sheets[0].id, ids };
}

const text = async (bucket: string, key: string) => (await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }))).Body!.transformToString();

describe('streamExport', () => {
  it('exports every page of both reads, retrying throttled and failed pages', async () => {
    const flaky = { throttle: 0.3, error: 0.2 };
    const { emulator, sheetId, ids } = await seeded({ seed: 11, routes: { 'GET /v2-alpha/records.jsonl': flaky, 'GET /sheets/:id/records': flaky } });
    try {
      const keys = egressKeys(feed, 'run-flaky', '2026-11-22T10:00:00Z', ['jsonl', 'csv']);
      let retries = 0;
      const tally = await streamExport({
        // Page reads retry in the gateway's transport, with the connection's policy.
        flatfile: { token: TOKEN, apiUrl: emulator.url, retry: { attempts: 8, baseDelayMs: 5, onRetry: () => retries++ } },
        s3: client,
        feed,
        sheetId,
        keys,
        buckets: { outbox: 'outbox', rejects: 'rejects' },
        call: (fn) => fn(),
        // As if the file had its header on row 3 and a blank row 5 (source-rows.ts): records in sheet order.
        rowNumbers: rowNumbers({ token: TOKEN, apiUrl: emulator.url }, sheetId, { header: 3, skipped: [5] }),
      });
      expect(retries).toBeGreaterThan(0);
      const invalid = [1, 5, 9];
      const valid = [0, 2, 3, 4, 6, 7, 8];
      expect(tally).toEqual({ valid: 7, invalid: 3, egressed: 7, rejected: 3, held: 0 });
      const lines = (await text('outbox', keys.outbox.jsonl!)).trimEnd().split('\n').map((l) => JSON.parse(l));
      expect(lines).toEqual(valid.map((i) => ({ _id: ids[i], email: `u${i}@example.com`, name: i === 2 ? '=HYPERLINK("x")' : `Name, ${i}`, age: 20 + i })));
      const csv = await text('outbox', keys.outbox.csv!);
      expect(csv.split('\n')[0]).toBe('_id,email,name,age');
      // Formulas are neutralised in the outbox CSV by default (egress.csvFormulaEscape); the JSON Lines keep the value.
      expect(csv).toContain(`${ids[2]},u2@example.com,"'=HYPERLINK(""x"")",22\n`);
      expect(csv).toContain(`${ids[0]},u0@example.com,"Name, 0",20\n`);
      expect(await text('rejects', keys.rejects!)).toBe(
        // Each reject with the row the partner finds it on: record 1 on row 3 + 1 + 1, moved past blank row 5.
        ['row,email,name,age,reasons', ...invalid.map((i) => `${i === 1 ? 6 : 5 + i},u${i}@example.com,"Name, ${i}",${20 + i},email: bounced`)].join('\n') + '\n',
      );
    } finally {
      await emulator.stop();
    }
  });

  it.each([
    ['ignores pageNumber', (_page: number) => [1, 2, 3], /page 2: starts with the same record \(r1\) as page 1; the server ignores pageNumber/],
    ['does not page', (_page: number) => [1, 2, 3, 4], /page 1: 4 records for a page of 3; the server is not paging/],
  ])('stops, exporting nothing, when the server %s', async (_what, recordsOf, error) => {
    // A stand-in for Flatfile whose v2 endpoint pages wrongly: exporting on would repeat records.
    const server = createServer((req, res) => {
      const page = Number(new URL(req.url!, 'http://x').searchParams.get('pageNumber'));
      res.writeHead(200, { 'content-type': 'application/jsonl' });
      res.end(recordsOf(page).map((i) => JSON.stringify({ __k: `r${i}`, email: `u${i}@example.com` })).join('\n') + '\n');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const keys = egressKeys(feed, `run-paging-${recordsOf(1).length}`, '2026-11-22T10:00:00Z', ['jsonl', 'csv']);
      const run = streamExport({
        flatfile: { token: TOKEN, apiUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}` },
        s3: client,
        feed,
        sheetId: 'us_sh_1',
        keys,
        buckets: { outbox: 'outbox', rejects: 'rejects' },
        call: (fn) => fn(),
      });
      await expect(run).rejects.toThrow(error);
      const listed = await client.send(new ListObjectsV2Command({ Bucket: 'outbox' }));
      expect((listed.Contents ?? []).map((o) => o.Key).filter((k) => k?.includes('run-paging'))).toEqual([]);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('leaves no object behind when a page cannot be read', async () => {
    // Enough valid records (~6 MB of JSON Lines) that the outbox upload is multipart by the time the read fails.
    const { emulator, sheetId } = await seeded({ seed: 3, routes: { 'GET /sheets/:id/records': { error: 1 } } }, 120_000);
    try {
      const keys = egressKeys(feed, 'run-broken', '2026-11-22T10:00:00Z', ['jsonl', 'csv']);
      const run = streamExport({
        flatfile: { token: TOKEN, apiUrl: emulator.url, retry: { attempts: 2, baseDelayMs: 1 } },
        s3: client,
        feed: { ...feed, egress: { ...feed.egress, pageSize: 10_000 } },
        sheetId,
        keys,
        buckets: { outbox: 'outbox', rejects: 'rejects' },
        partSizeBytes: 5 * 1024 * 1024,
        call: (fn) => fn(),
      });
      await expect(run).rejects.toThrow(/GET error records of sheet .* page 1: HTTP 500/);
      for (const bucket of ['outbox', 'rejects']) {
        const listed = await client.send(new ListObjectsV2Command({ Bucket: bucket }));
        expect((listed.Contents ?? []).map((o) => o.Key).filter((k) => k?.includes('run-broken'))).toEqual([]);
      }
    } finally {
      await emulator.stop();
    }
  });
});
