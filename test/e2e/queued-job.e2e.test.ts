import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../emulator/index.js';
import type { Run } from '../../shared/ledger/index.js';
import { createTelemetry } from '../../shared/telemetry/index.js';
import { keepQueuedJobsAlive, QUEUED_INFO } from '../../shared/watchdog/index.js';
import { startTestPipeline, type TestPipeline } from '../support/pipeline.js';
import { waitFor } from '../support/wait.js';

// A work message can wait in its queue longer than the platform's ack window (reserved concurrency 5, steps of up to
// 600 s): no worker holds the job yet, so nothing acknowledges it, and Flatfile fails it (changelog 2023-11-28). Here
// no worker runs at first, the window is 10 s, and the job waits three windows before a worker is started.

const XLSX = readFileSync(new URL('../../samples/contacts/acme-contacts-2026-11-23.xlsx', import.meta.url));
const COUNTS = { rowsRead: 6, recordsCreated: 6, valid: 4, invalid: 2, egressed: 4, rejected: 2 };
const ENDED = ['done', 'rejected', 'needs-review', 'mismatch', 'unrouted', 'expanded', 'failed', 'stalled'] as Run['state'][];
const TOKEN = 'sk_test_queued';
// Long enough for egress, which acks on its own 60 s beat, to finish inside one window.
const WINDOW_MS = 10_000;

describe('a job whose work waits in the queue longer than the ack window', () => {
  let emulator: Emulator;
  let p: TestPipeline;
  let workers: TestPipeline | undefined;
  beforeAll(async () => {
    emulator = await startEmulator({ token: TOKEN, log: () => {}, realism: { jobAckTimeoutMs: WINDOW_MS } });
    p = await startTestPipeline(['ingress', 'eventsPoller', 'listener', 'egress'], {
      flatfile: { apiUrl: emulator.url, token: TOKEN, environmentId: emulator.environmentId },
    });
  }, 60_000);
  afterAll(async () => {
    await workers?.stop();
    await p?.stop();
    await emulator?.stop();
  });

  it('is acknowledged for its queue until a worker takes it, and the run ends done', async () => {
    const key = 'acme/contacts/queued/contacts.xlsx';
    await p.drop(key, XLSX);
    const run = await p.runOf(key, ['extracting']);
    const jobId = await waitFor('the extraction job on the run', async () => (await p.ledger.getRun(run.runId))?.extractJobId);
    const { data: job } = await p.api.jobs.get(jobId);
    const deps = { ledger: p.ledger, api: p.api, telemetry: createTelemetry('watchdog') };
    // The watchdog's pass, as often as the window needs (every minute against the real 5).
    const until = new Date(job.createdAt).getTime() + 3 * WINDOW_MS;
    while (Date.now() < until) {
      await keepQueuedJobsAlive(deps, { idleBefore: new Date(), staleBefore: { extracting: new Date(0), egressing: new Date(0) } });
      await new Promise((r) => setTimeout(r, WINDOW_MS / 6));
    }
    const { data: waited } = await p.api.jobs.get(jobId);
    expect(waited, 'still waiting, not failed by the platform').toMatchObject({ status: 'executing', info: QUEUED_INFO });

    workers = await startTestPipeline(['worker'], { local: p.local, flatfile: p.flatfile });
    const ended = await p.runOf(key, ENDED);
    expect(ended.state, ended.reason).toBe('done');
    expect(ended.counts).toEqual(COUNTS);
  });

  it('leaves a job some consumer started to that consumer, so a dead consumer still lets the platform fail it', async () => {
    const { data: space } = await p.api.spaces.create({ name: 'kept', environmentId: emulator.environmentId });
    const create = async () => (await p.api.jobs.create({ type: 'space', operation: 'flatfeed-test', source: space.id, trigger: 'immediate' })).data;
    const [queued, started] = [await create(), await create()];
    await p.api.jobs.ack(started.id, { info: 'Exporting' });
    for (const [n, job] of [queued, started].entries()) {
      await p.ledger.createRun({ runId: `run_kept_${n}`, feed: 'contacts', bucket: 'b', key: `k${n}`, etag: 'e', state: 'egressing', egressJobId: job.id });
    }
    const deps = { ledger: p.ledger, api: p.api, telemetry: createTelemetry('watchdog') };
    const kept = await keepQueuedJobsAlive(deps, { idleBefore: new Date(Date.now() + 60_000), staleBefore: { extracting: new Date(0), egressing: new Date(0) } });
    expect(kept).toContain(queued.id);
    expect(kept).not.toContain(started.id);
    expect((await p.api.jobs.get(started.id)).data.info).toBe('Exporting');
  });
});
