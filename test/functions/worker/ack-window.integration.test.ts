import { FlatfileClient } from '@flatfile/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../../emulator/index.js';
import { runExtraction } from '../../../shared/extract/index.js';
import { ALL_FLATFILE_RESOURCES } from '../../../shared/flatfile/all-resources.js';
import { createFlatfileClient } from '../../../shared/flatfile/client.js';

// Flatfile fails a job left unacknowledged for 5 minutes; here the window is 1 s and every insert takes 0.6 s, so
// the extraction (4 inserts, progress reported at most once a minute) runs well past it.
const TOKEN = 'sk_test_ack_window';
let emulator: Emulator;
let sdk: FlatfileClient;

beforeAll(async () => {
  emulator = await startEmulator({
    token: TOKEN,
    log: () => {},
    realism: { jobAckTimeoutMs: 1_000 },
    faults: { routes: { 'POST /sheets/:id/records': { latency: 1, latencyMs: 600 } } },
  });
  sdk = new FlatfileClient({ token: TOKEN, apiUrl: emulator.url });
});
afterAll(() => emulator?.stop());

describe('a worker step longer than the ack window', () => {
  it('keeps its job alive with heartbeats and completes it', async () => {
    const { data: space } = await sdk.spaces.create({ name: 'slow', environmentId: emulator.environmentId });
    const body = ['{"a":"1"}', '{"a":"2"}', '{"a":"3"}', '{"a":"4"}'].join('\n');
    const { data: file } = await sdk.files.upload(new File([body], 'slow.jsonl'), { spaceId: space.id, environmentId: emulator.environmentId });
    const { data: job } = await sdk.jobs.create({ type: 'file', operation: 'extract-plugin-jsonl', source: file.id, status: 'ready' });
    await sdk.jobs.execute(job.id);
    const connection = { token: TOKEN, apiUrl: emulator.url };
    const started = Date.now();
    const result = await runExtraction(
      { kind: 'extract', feed: 'contacts', jobId: job.id, fileId: file.id, spaceId: space.id, format: 'jsonl' },
      { api: createFlatfileClient(connection, ALL_FLATFILE_RESOURCES), connection, format: {}, chunkSize: 1, concurrency: 1, progressEveryMs: 60_000, heartbeatMs: 250 },
    );
    expect(Date.now() - started).toBeGreaterThan(2_000); // the step really outlasted the window
    expect(result).toMatchObject({ outcome: 'extracted', recordsCreated: 4 });
    expect((await sdk.jobs.get(job.id)).data.status).toBe('complete');
  });
});
