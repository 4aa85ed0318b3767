import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../emulator/index.js';
import type { Run } from '../../shared/ledger/index.js';
import { Manifest } from '../../shared/manifest/index.js';
import { startTestPipeline, type TestPipeline } from '../support/pipeline.js';

// Row numbers stand on a record's place in the destination sheet, and Flatfile documents no order for its mapping job
// (docs/flatfile.md). Here the emulator's mapping writes the destination in a shuffled order: the run must still end
// done, with no wrong row number in its rejects file and a note that says why there are none.

const TOKEN = 'sk_test_row_order';
const ENDED = ['done', 'rejected', 'needs-review', 'mismatch', 'unrouted', 'expanded', 'failed', 'stalled'] as Run['state'][];
const raw = {
  version: 1,
  feeds: [
    {
      name: 'order',
      source: { inboxPrefix: 'order/' },
      format: { accept: ['csv'] },
      sheet: { slug: 'rows', name: 'Rows' },
      fields: [
        { key: 'id', type: 'string', required: true, unique: true },
        { key: 'name', type: 'string' },
        { key: 'amount', type: 'number' },
      ],
      egress: { formats: ['jsonl'] },
    },
  ],
};
const ROWS = Array.from({ length: 20 }, (_, i) => [`O-${i + 1}`, `Name ${i + 1}`, i === 4 || i === 14 ? 'zwei' : String(i)]);
const CSV = ['id,name,amount', ...ROWS.map((r) => r.join(','))].join('\n') + '\n';

describe('a mapping that does not keep the file order', () => {
  let emulator: Emulator;
  let p: TestPipeline;
  beforeAll(async () => {
    emulator = await startEmulator({ token: TOKEN, log: () => {}, mappingOrder: 'shuffled' });
    const manifestPath = join(mkdtempSync(join(tmpdir(), 'flatfeed-order-')), 'feeds.yaml');
    writeFileSync(manifestPath, JSON.stringify(raw));
    p = await startTestPipeline(['ingress', 'eventsPoller', 'listener', 'worker', 'egress'], {
      manifest: Manifest.parse(raw),
      manifestPath,
      flatfile: { apiUrl: emulator.url, token: TOKEN, environmentId: emulator.environmentId },
    });
  }, 120_000);
  afterAll(async () => {
    await p?.stop();
    await emulator?.stop();
  });

  it('writes no row number rather than a wrong one, and the run says why', async () => {
    const key = 'order/shuffled.csv';
    await p.drop(key, Buffer.from(CSV));
    const run = await p.runOf(key, ENDED);
    expect(run.state, run.reason).toBe('done');
    expect(run.counts).toMatchObject({ rowsRead: 20, recordsCreated: 20, valid: 18, invalid: 2, rejected: 2 });
    // The destination really is out of the file's order.
    const { data } = await p.api.records.get(run.sheetId!);
    const ids = data.records.map((r) => r.values.id?.value);
    expect(ids).not.toEqual(ROWS.map((r) => r[0]));
    expect([...ids].sort()).toEqual(ROWS.map((r) => r[0]).sort());

    expect(run.reason).toMatch(/row numbers are left out of the rejects file: record \d+ of the destination sheet does not hold record \d+ of the file \((id|name) holds "[^"]+", the file's "[^"]+"\): Flatfile's mapping did not keep the file's order, or the value was changed after it/);
    const uri = run.outputs!.find((o) => o.endsWith('.rejects.csv'))!;
    const [, bucket, objectKey] = /^s3:\/\/([^/]+)\/(.+)$/.exec(uri)!;
    const body = await p.local.clients.s3.send(new GetObjectCommand({ Bucket: bucket, Key: objectKey }));
    const lines = (await body.Body!.transformToString()).trimEnd().split('\n');
    expect(lines[0]).toBe('row,id,name,amount,reasons');
    // Both rejects, each with an empty row cell.
    expect(lines.slice(1).map((l) => l.split(',').slice(0, 3).join(',')).sort()).toEqual([',O-15,Name 15', ',O-5,Name 5']);
  }, 300_000);
});
