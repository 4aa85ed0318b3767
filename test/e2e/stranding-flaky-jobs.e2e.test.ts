import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../../emulator/index.js';
import type { Run } from '../../shared/ledger/index.js';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy.js';
import { startTestPipeline, type TestPipeline } from '../support/pipeline.js';

// A stranding case of issue #12 (see stranding.e2e.test.ts). Its own file: handlers keep their clients per process.

const CONTACTS = readFileSync(new URL('../../samples/contacts/acme-contacts-2026-11-16.csv', import.meta.url));
const ENDED = ['done', 'rejected', 'needs-review', 'mismatch', 'unrouted', 'expanded', 'failed', 'stalled'] as Run['state'][];
const RECONCILED = { rowsRead: 20, recordsCreated: 20, valid: 11, invalid: 9, egressed: 11, rejected: 9 };
const ALL: Parameters<typeof startTestPipeline>[0] = ['ingress', 'eventsPoller', 'listener', 'worker', 'egress'];

describe('with three 500s on POST /jobs right when egress starts', () => {
  let emulator: Awaited<ReturnType<typeof startEmulator>>;
  let proxy: FaultProxy;
  let p: TestPipeline;
  beforeAll(async () => {
    emulator = await startEmulator({ token: 'flaky-jobs' });
    let egressCreates = 0;
    // As measured on the old main: three 500s (~4 s) on the egress job's creation. The SDK retries twice itself, so
    // the listener's first delivery of the event fails and only SQS redelivery gets it through.
    proxy = await startFaultProxy(emulator.url, ({ method, path, body }) =>
      method === 'POST' && /\/jobs$/.test(path) && body.includes('"flatfeed-egress"') && ++egressCreates <= 3 ? 500 : undefined,
    );
    p = await startTestPipeline(ALL, { flatfile: { apiUrl: proxy.url, token: 'flaky-jobs', environmentId: emulator.environmentId } });
  }, 60_000);
  afterAll(async () => {
    await p?.stop();
    await proxy?.stop();
    await emulator?.stop();
  });

  it('still finishes, reconciled, with one mapping and one egress job', async () => {
    const key = 'acme/contacts/stranding/flaky-jobs.csv';
    await p.drop(key, CONTACTS);
    const run = await p.runOf(key, ENDED, undefined);
    expect(run.state).toBe('done');
    expect(run.counts).toEqual(RECONCILED);
    const jobs = (await p.api.jobs.list({ spaceId: run.spaceId!, pageSize: 1000 })).data;
    expect(jobs.filter((j) => j.operation === 'map').length).toBe(1);
    expect(jobs.filter((j) => j.operation === 'flatfeed-egress').length).toBe(1);
    expect(await p.peek('events', true)).toEqual([]);
    expect(proxy.injected.map((i) => i.status)).toEqual([500, 500, 500]);
  }, 180_000);
});

