import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../../emulator/index.js';
import type { Run } from '../../shared/ledger/index.js';
import type { RunNotice } from '../../shared/notify/outbound.js';
import { startTestPipeline, type TestPipeline } from '../support/pipeline.js';
import { waitFor } from '../support/wait.js';

// A stranding case of issue #12 (see stranding.e2e.test.ts). Its own file: handlers keep their clients per process.

const CONTACTS = readFileSync(new URL('../../samples/contacts/acme-contacts-2026-11-16.csv', import.meta.url));
const ENDED = ['done', 'rejected', 'needs-review', 'mismatch', 'unrouted', 'expanded', 'failed', 'stalled'] as Run['state'][];
/** Every notice read so far, once each (peek hides what it read for 30 s, then shows it again). */
const seen = new Map<string, RunNotice>();
async function allNotices(p: TestPipeline): Promise<RunNotice[]> {
  for (const n of (await p.peek('outbound')) as RunNotice[]) seen.set(JSON.stringify(n), n);
  return [...seen.values()];
}
/** The run's notices once at least one arrived (the ledger can show the end a moment before its notice is sent). */
const noticesOf = (p: TestPipeline, runId: string) =>
  waitFor(`a notice of ${runId}`, async () => {
    const mine = (await allNotices(p)).filter((n) => n.runId === runId && !n.notes?.some((x) => x.startsWith('the file was dropped again')));
    return mine.length > 0 ? mine : undefined;
  });

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
    expect(await noticesOf(p, run.runId)).toMatchObject([{ status: 'failed', reason: run.reason }]);
    expect(await p.peek('ingress', true)).toEqual([]);
  });
});
