import { FlatfileClient } from '@flatfile/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../../emulator/index.js';
import { runExtraction, type ExtractDeps } from '../../../shared/extract/index.js';
import type { FileFormat } from '../../../shared/manifest/index.js';
import type { ExtractWork } from '../../../shared/work/messages.js';
import { EXPECTED_ROWS, report } from '../../shared/extract/fixtures.js';

const TOKEN = 'sk_test_worker';
let emulator: Emulator;
let api: FlatfileClient;

beforeAll(async () => {
  emulator = await startEmulator({ token: TOKEN });
  api = new FlatfileClient({ token: TOKEN, apiUrl: emulator.url });
});
afterAll(() => emulator?.stop());

/** Uploads a file and creates its extraction job as the listener does on `file:created`. */
async function uploaded(client: FlatfileClient, envId: string, name: string, body: Buffer | string, format: FileFormat): Promise<ExtractWork> {
  const { data: space } = await client.spaces.create({ name: 'worker', environmentId: envId });
  const { data: file } = await client.files.upload(new File([body], name), { spaceId: space.id, environmentId: envId });
  const { data: job } = await client.jobs.create({ type: 'file', operation: `extract-plugin-${format}`, source: file.id, status: 'ready' });
  await client.jobs.execute(job.id);
  return { kind: 'extract', feed: 'contacts', jobId: job.id, fileId: file.id, spaceId: space.id, format };
}

const deps = (extra: Partial<ExtractDeps> = {}): ExtractDeps => ({ api, connection: { token: TOKEN, apiUrl: emulator.url }, format: {}, chunkSize: 2, concurrency: 2, progressEveryMs: 0, ...extra });

async function topicsFor(spaceId: string, jobId?: string) {
  const { data } = await api.events.list({ environmentId: emulator.environmentId, spaceId, includeAcknowledged: true, pageSize: 10_000 });
  return data.filter((e) => !jobId || e.context.jobId === jobId || e.domain !== 'job').map((e) => e.topic);
}

describe('extraction runner against the emulator', () => {
  it('extracts an XLSX into a [file] workbook as Flatfile extractors do, completing the file and the job', async () => {
    const work = await uploaded(api, emulator.environmentId, 'people.xlsx', await report(), 'xlsx');
    const result = await runExtraction(work, deps({ format: { sheet: 'People' } }));

    expect(result).toMatchObject({ outcome: 'extracted', rowsRead: 3, recordsCreated: 3 });
    const { data: file } = await api.files.get(work.fileId);
    expect(file.status).toBe('complete');
    const { data: wb } = await api.workbooks.get(file.workbookId!);
    expect(wb).toMatchObject({ name: '[file] people.xlsx', labels: ['file'], treatments: ['EXTRACTED_FROM_SOURCE'] });
    expect(wb.sheets).toHaveLength(1);
    const sheet = wb.sheets![0]!;
    expect(sheet).toMatchObject({ name: 'People', slug: 'People' });
    expect(sheet.config.fields.map((f) => [f.key, f.label, f.type])).toEqual([
      ['name', 'Name', 'string'],
      ['joined', 'Joined', 'string'],
      ['column_3', 'column_3', 'string'],
      ['score', 'Score', 'string'],
      ['score_1', 'Score', 'string'],
      ['total', 'Total', 'string'],
      ['due', 'Due', 'string'],
      ['notes', 'Notes', 'string'],
      ['column_9', 'column_9', 'string'],
    ]);
    const keys = sheet.config.fields.map((f) => f.key);
    const { data } = await api.records.get(sheet.id);
    expect(data.records.map((r) => keys.map((k) => r.values[k]?.value ?? ''))).toEqual(
      EXPECTED_ROWS.map((row) => keys.map((_, i) => row[i] ?? '')),
    );
    // Empty cells are left out of the record, as in native extraction.
    expect(Object.keys(data.records[2]!.values).sort()).toEqual(['joined', 'name', 'score']);

    const { data: job } = await api.jobs.get(work.jobId);
    expect(job).toMatchObject({ status: 'complete', progress: 100, outcome: { message: 'Extracted 3 records from people.xlsx' } });
    const topics = await topicsFor(work.spaceId, work.jobId);
    expect(topics.filter((t) => t === 'job:completed')).toHaveLength(1);
    expect(topics).toContain('workbook:created');
    // Two records per chunk: two inserts, one commit each.
    expect(topics.filter((t) => t === 'commit:created')).toHaveLength(2);
    expect(topics.filter((t) => t === 'file:updated')).toHaveLength(2);
    expect(topics.indexOf('job:completed')).toBeGreaterThan(topics.lastIndexOf('commit:created'));
    expect(topics).not.toContain('job:failed');

    // The same work delivered again finds the job finished and does nothing.
    expect(await runExtraction(work, deps())).toEqual({ outcome: 'skipped', jobStatus: 'complete' });
    const { data: all } = await api.workbooks.list({ spaceId: work.spaceId });
    expect(all).toHaveLength(1);
  });

  it('rejects a corrupt workbook: the job fails with the reason, the file is failed, no workbook is left', async () => {
    const work = await uploaded(api, emulator.environmentId, 'broken.xlsx', (await report()).subarray(0, 2000), 'xlsx');
    const result = await runExtraction(work, deps());
    expect(result).toMatchObject({ outcome: 'rejected', reason: 'malformed-content' });
    const { data: job } = await api.jobs.get(work.jobId);
    expect(job.status).toBe('failed');
    expect(job.outcome?.message).toMatch(/^broken\.xlsx: the XLSX is damaged, not a readable workbook/);
    expect((await api.files.get(work.fileId)).data.status).toBe('failed');
    expect((await api.workbooks.list({ spaceId: work.spaceId })).data).toEqual([]);
    const topics = await topicsFor(work.spaceId, work.jobId);
    expect(topics).toContain('job:failed');
    expect(topics).not.toContain('job:completed');
  });

  it('rejects JSONL at a bad line after earlier chunks were inserted, removing the partial workbook', async () => {
    const lines = ['{"id":1}', '{"id":2}', '{"id":3}', '{"id":4', '{"id":5}'].join('\n');
    const work = await uploaded(api, emulator.environmentId, 'events.jsonl', lines, 'jsonl');
    const result = await runExtraction(work, deps());
    expect(result).toEqual({ outcome: 'rejected', reason: 'malformed-content', message: expect.stringMatching(/^line 4 is not valid JSON/) });
    expect((await api.jobs.get(work.jobId)).data.status).toBe('failed');
    expect((await api.workbooks.list({ spaceId: work.spaceId })).data).toEqual([]);
  });

  it('extracts JSON, growing the sheet for keys first seen late, and fixed-width by the manifest columns', async () => {
    const records = [{ id: 1, who: { name: 'Ada' } }, ...Array.from({ length: 120 }, (_, i) => ({ id: i + 2 })), { id: 122, late: 'x' }];
    const json = await uploaded(api, emulator.environmentId, 'people.json', JSON.stringify(records), 'json');
    // One chunk in flight, as deployed (run-extraction.ts): with two, a later chunk can land first and rows leave file order.
    expect(await runExtraction(json, deps({ chunkSize: 50, concurrency: 1 }))).toMatchObject({ outcome: 'extracted', rowsRead: 122, recordsCreated: 122 });
    const { data: file } = await api.files.get(json.fileId);
    const { data: wb } = await api.workbooks.get(file.workbookId!);
    const sheet = wb.sheets![0]!;
    expect(sheet.name).toBe('people');
    expect(sheet.config.fields.map((f) => [f.key, f.label])).toEqual([['id', 'id'], ['who_name', 'who.name'], ['late', 'late']]);
    const { data } = await api.records.get(sheet.id, { pageSize: 1000 });
    expect(data.records).toHaveLength(122);
    expect(data.records[0]!.values).toMatchObject({ id: { value: 1 }, who_name: { value: 'Ada' } });
    expect(data.records.at(-1)!.values).toMatchObject({ id: { value: 122 }, late: { value: 'x' } });

    const fixedWidth = { columns: [{ key: 'id', start: 1, width: 3 }, { key: 'name', label: 'Name', start: 4, width: 6 }] };
    const fixed = await uploaded(api, emulator.environmentId, 'people.txt', '001Ada   \n002Grace \n', 'fixed');
    expect(await runExtraction(fixed, deps({ format: { fixedWidth } }))).toMatchObject({ outcome: 'extracted', rowsRead: 2 });
    const { data: f2 } = await api.files.get(fixed.fileId);
    const { data: wb2 } = await api.workbooks.get(f2.workbookId!);
    const { data: recs } = await api.records.get(wb2.sheets![0]!.id);
    expect(recs.records.map((r) => [r.values.id?.value, r.values.name?.value])).toEqual([['001', 'Ada'], ['002', 'Grace']]);
  });

  it('rejects formats the worker does not extract (xls) with a failed job', async () => {
    const work = await uploaded(api, emulator.environmentId, 'old.xls', Buffer.from([0xd0, 0xcf, 0x11, 0xe0]), 'xls');
    expect(await runExtraction(work, deps())).toMatchObject({
      outcome: 'rejected',
      reason: 'unsupported-format',
      message: 'legacy Excel 97-2003 (.xls) files are not accepted; save the file as .xlsx or CSV and send it again',
    });
    expect((await api.jobs.get(work.jobId)).data.status).toBe('failed');
  });

  it('retries throttled record inserts and still creates every record once', async () => {
    const flaky = await startEmulator({ token: TOKEN, faults: { seed: 7, routes: { 'POST /sheets/:id/records': { throttle: 0.4 } } } });
    try {
      const client = new FlatfileClient({ token: TOKEN, apiUrl: flaky.url });
      const lines = Array.from({ length: 10 }, (_, i) => JSON.stringify({ n: i })).join('\n');
      const work = await uploaded(client, flaky.environmentId, 'n.jsonl', lines, 'jsonl');
      const result = await runExtraction(work, { ...deps(), api: client, connection: { token: TOKEN, apiUrl: flaky.url } });
      expect(result).toMatchObject({ outcome: 'extracted', recordsCreated: 10 });
      const { data: file } = await client.files.get(work.fileId);
      const { data: wb } = await client.workbooks.get(file.workbookId!);
      const { data } = await client.records.get(wb.sheets![0]!.id);
      // Chunks in flight at once may land out of order when one is retried: every record, once, in any order.
      const values = data.records.map((r) => Number(r.values.n?.value)).sort((a, b) => a - b);
      expect(values).toEqual(Array.from({ length: 10 }, (_, i) => i));
    } finally {
      await flaky.stop();
    }
  });
});
