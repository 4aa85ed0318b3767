import { Readable } from 'node:stream';
import { FlatfileClient } from '@flatfile/api';
import { describe, expect, it } from 'vitest';
import { startEmulator, type Emulator, type EmulatorOptions } from '../../../emulator/index.js';
import { fetchRecordsPage } from '../../../shared/egress/pages.js';
import { runExtraction } from '../../../shared/extract/index.js';
import { postRecords } from '../../../shared/extract/post-records.js';
import { ALL_FLATFILE_RESOURCES } from '../../../shared/flatfile/all-resources.js';
import { createFlatfileClient, type FlatfileConnection } from '../../../shared/flatfile/client.js';
import { createJobOnce } from '../../../shared/flatfile/create-job.js';
import { FlatfileApiError } from '../../../shared/flatfile/errors.js';
import { uploadFile } from '../../../shared/flatfile/upload.js';
import { putRecords } from '../../../shared/validate/records.js';

const TOKEN = 'sk_test_gateway';
const FAST = { attempts: 5, baseDelayMs: 1, maxDelayMs: 5 };

async function withEmulator<T>(options: Partial<EmulatorOptions>, run: (e: Emulator, sdk: FlatfileClient) => Promise<T>): Promise<T> {
  const emulator = await startEmulator({ token: TOKEN, log: () => {}, ...options });
  try {
    return await run(emulator, new FlatfileClient({ token: TOKEN, apiUrl: emulator.url }));
  } finally {
    await emulator.stop();
  }
}

async function sheetIn(sdk: FlatfileClient, environmentId: string) {
  const { data: space } = await sdk.spaces.create({ name: 'gateway', environmentId });
  const { data: wb } = await sdk.workbooks.create({
    name: 'w',
    spaceId: space.id,
    environmentId,
    sheets: [{ name: 'S', slug: 's', fields: [{ key: 'a', type: 'string', label: 'A' }] }],
  });
  return { spaceId: space.id, workbookId: wb.id, sheetId: wb.sheets![0]!.id };
}

describe('the Flatfile gateway', () => {
  it('takes FLATFILE_API_URL with or without a trailing /v1 in every call path', async () => {
    await withEmulator({}, async (emulator, sdk) => {
      const { spaceId, sheetId } = await sheetIn(sdk, emulator.environmentId);
      for (const apiUrl of [emulator.url, `${emulator.url}/v1`, `${emulator.url}/v1/`]) {
        const conn: FlatfileConnection = { token: TOKEN, apiUrl, retry: FAST };
        const api = createFlatfileClient(conn, ALL_FLATFILE_RESOURCES);
        expect((await api.spaces.get(spaceId)).data.id).toBe(spaceId);
        await postRecords(conn, sheetId, { json: JSON.stringify([{ a: { value: apiUrl } }]), count: 1 });
        const { data } = await api.records.get(sheetId);
        const mine = data.records.find((r) => r.values.a?.value === apiUrl)!;
        const { data: commits } = await api.sheets.getSheetCommits(sheetId);
        await putRecords(conn, sheetId, commits.at(-1)!.id, [{ id: mine.id, values: { a: { value: `${apiUrl}!`, messages: [] } } }]);
        const page = await fetchRecordsPage(conn, sheetId, { pageSize: 100, filter: 'valid' }, 1);
        expect(page.body.toString()).toContain(`${apiUrl}!`);
        const file = await uploadFile(conn, { spaceId, environmentId: emulator.environmentId, name: 'x.txt' }, Readable.from([Buffer.from('hello')]));
        expect(file.name).toBe('x.txt');
      }
    });
  });

  it('retries only in the gateway: the SDK clients make one request per attempt', async () => {
    // Four failures: the fifth and last attempt succeeds. Five: the call fails — the SDK's own retries (2 per
    // attempt) would have absorbed them.
    await withEmulator({ faults: { routes: { 'GET /spaces/:id': { error: 1, limit: 4 } } } }, async (emulator, sdk) => {
      const { spaceId } = await sheetIn(sdk, emulator.environmentId);
      const api = createFlatfileClient({ token: TOKEN, apiUrl: emulator.url, retry: FAST }, ALL_FLATFILE_RESOURCES);
      expect((await api.spaces.get(spaceId)).data.id).toBe(spaceId);
    });
    await withEmulator({ faults: { routes: { 'GET /spaces/:id': { error: 1, limit: 5 } } } }, async (emulator, sdk) => {
      const { spaceId } = await sheetIn(sdk, emulator.environmentId);
      const api = createFlatfileClient({ token: TOKEN, apiUrl: emulator.url, retry: FAST }, ALL_FLATFILE_RESOURCES);
      const failure = await api.spaces.get(spaceId).then(() => undefined, (e: unknown) => e);
      expect(failure).toBeInstanceOf(FlatfileApiError);
      expect(failure).toMatchObject({ status: 500, code: 'server-error', transient: true });
      expect(((await api.spaces.get(spaceId)).data.id)).toBe(spaceId);
    });
  });

  it('honours the Retry-After of a rate-limited platform: every call lands, none retried sooner than asked', async () => {
    // 5 requests/s (a bucket of 10): twenty reads in a row meet 429s with Retry-After: 1.
    await withEmulator({ realism: { requestsPerSecond: 5, history: false } }, async (emulator, sdk) => {
      const { data: space } = await sdk.spaces.create({ name: 'rate', environmentId: emulator.environmentId });
      const waits: number[] = [];
      const retry = { attempts: 5, baseDelayMs: 1, maxDelayMs: 10_000, sleep: (ms: number) => (waits.push(ms), new Promise((r) => setTimeout(r, ms))) };
      const api = createFlatfileClient({ token: TOKEN, apiUrl: emulator.url, retry }, ALL_FLATFILE_RESOURCES);
      const got: string[] = [];
      for (let i = 0; i < 20; i++) got.push((await api.spaces.get(space.id)).data.id);
      expect(got).toEqual(Array.from({ length: 20 }, () => space.id));
      expect(emulator.limiter.limited).toBeGreaterThan(0);
      expect(waits).toHaveLength(emulator.limiter.limited);
      // Full jitter alone would wait 0–16 ms here; the server asked for a second.
      expect(waits.every((ms) => ms >= 1_000)).toBe(true);
    });
  });

  it('reports a wrong key as one unretried FlatfileApiError, from the SDK and the raw transport alike', async () => {
    await withEmulator({}, async (emulator) => {
      const conn = { token: 'sk_wrong', apiUrl: emulator.url, retry: { ...FAST, onRetry: () => { throw new Error('retried a 401'); } } };
      const api = createFlatfileClient(conn, ALL_FLATFILE_RESOURCES);
      await expect(api.spaces.list()).rejects.toMatchObject({ name: 'FlatfileApiError', status: 401, code: 'unauthorized' });
      await expect(postRecords(conn, 'us_sh_1', { json: '[]', count: 0 })).rejects.toMatchObject({ name: 'FlatfileApiError', status: 401, code: 'unauthorized' });
      await expect(fetchRecordsPage(conn, 'us_sh_1', { pageSize: 1, filter: 'error' }, 1)).rejects.toMatchObject({ name: 'FlatfileApiError', status: 401 });
    });
  });

  it('inserts no record twice when an insert response is lost after the platform committed it', async () => {
    await withEmulator({ faults: { routes: { 'POST /sheets/:id/records': { lose: 1, limit: 1 } } } }, async (emulator, sdk) => {
      const { data: space } = await sdk.spaces.create({ name: 'lost', environmentId: emulator.environmentId });
      const body = ['{"a":"1"}', '{"a":"2"}', '{"a":"3"}'].join('\n');
      const { data: file } = await sdk.files.upload(new File([body], 'rows.jsonl'), { spaceId: space.id, environmentId: emulator.environmentId });
      const { data: job } = await sdk.jobs.create({ type: 'file', operation: 'extract-plugin-jsonl', source: file.id, status: 'ready' });
      await sdk.jobs.execute(job.id);
      const connection = { token: TOKEN, apiUrl: emulator.url, retry: FAST };
      const result = await runExtraction(
        { kind: 'extract', feed: 'contacts', jobId: job.id, fileId: file.id, spaceId: space.id, format: 'jsonl' },
        { api: createFlatfileClient(connection, ALL_FLATFILE_RESOURCES), connection, format: {}, chunkSize: 2, concurrency: 1, progressEveryMs: 0 },
      );
      expect(result).toMatchObject({ outcome: 'extracted', rowsRead: 3, recordsCreated: 3 });
      const { data: extracted } = await sdk.files.get(file.id);
      const { data: wb } = await sdk.workbooks.get(extracted.workbookId!);
      const { data } = await sdk.records.get(wb.sheets![0]!.id);
      expect(data.records.map((r) => r.values.a?.value)).toEqual(['1', '2', '3']);
    });
  });

  it('creates one job when the response to jobs.create is lost after the platform created it', async () => {
    await withEmulator({ faults: { routes: { 'POST /jobs': { lose: 1, limit: 1 } } } }, async (emulator, sdk) => {
      const { workbookId } = await sheetIn(sdk, emulator.environmentId);
      const api = createFlatfileClient({ token: TOKEN, apiUrl: emulator.url, retry: FAST }, ALL_FLATFILE_RESOURCES);
      const config = { type: 'workbook' as const, operation: 'flatfeed-egress', source: workbookId, input: { flatfeed: { runId: 'r1' } } };
      const job = await createJobOnce(api, config, 'r1:egress', FAST);
      const again = await createJobOnce(api, config, 'r2:egress', FAST);
      const { data: jobs } = await sdk.jobs.list({ source: workbookId, pageSize: 100 });
      expect(jobs.map((j) => j.id).sort()).toEqual([job.id, again.id].sort());
      expect(job.input).toMatchObject({ flatfeed: { runId: 'r1', request: 'r1:egress' } });
    });
  });
});
