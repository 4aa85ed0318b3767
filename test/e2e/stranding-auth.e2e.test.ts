import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../../emulator/index.js';
import type { Run } from '../../shared/ledger/index.js';
import { startTestPipeline, type TestPipeline } from '../support/pipeline.js';
import { noticeReader } from '../support/notices.js';

// A stranding case of issue #12 (see stranding.e2e.test.ts). Its own file: handlers keep their clients per process.

const CONTACTS = readFileSync(new URL('../../samples/contacts/acme-contacts-2026-11-16.csv', import.meta.url));
const ENDED = ['done', 'rejected', 'needs-review', 'mismatch', 'unrouted', 'expanded', 'failed', 'stalled'] as Run['state'][];
const notices = noticeReader();

describe('with a wrong Flatfile API key', () => {
  let emulator: Awaited<ReturnType<typeof startEmulator>>;
  let p: TestPipeline;
  beforeAll(async () => {
    emulator = await startEmulator({ token: 'the-right-key' });
    p = await startTestPipeline(['ingress'], { flatfile: { apiUrl: emulator.url, token: 'a-wrong-key', environmentId: emulator.environmentId } });
  }, 60_000);
  afterAll(async () => {
    await p?.stop();
    await emulator?.stop();
  });

  it('ends the run failed at once with a reason naming the key, a notice, and nothing in the DLQ', async () => {
    const key = 'acme/contacts/stranding/wrong-key.csv';
    await p.drop(key, CONTACTS);
    const run = await p.runOf(key, ENDED);
    expect(run.state).toBe('failed');
    expect(run.reason).toMatch(/^auth-refused: Flatfile refused the API key \(http-401\)/);
    expect(run.lastError).toMatchObject({ stage: 'received', code: 'http-401' });
    expect(await notices.of(p, run.runId)).toMatchObject([{ status: 'failed', reason: run.reason }]);
    expect(await p.peek('ingress', true)).toEqual([]);
  });
});
