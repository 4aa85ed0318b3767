import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../../../emulator/index.js';
import { startTestPipeline, type TestPipeline } from '../../support/pipeline.js';

// Throttling and 5xx from Flatfile are transient: retried with backoff inside the invocation, then by SQS
// redelivery; a file is never rejected for them, never uploaded twice, and reaches the DLQ only if they never stop.

type Emulator = Awaited<ReturnType<typeof startEmulator>>;

describe('a flaky Flatfile (half of all uploads throttled or failing)', () => {
  let emulator: Emulator;
  let p: TestPipeline;
  beforeAll(async () => {
    emulator = await startEmulator({
      token: 'flaky',
      faults: { seed: 42, routes: { 'POST /files': { throttle: 0.3, error: 0.3 } } },
    });
    p = await startTestPipeline(['ingress'], { flatfile: { apiUrl: emulator.url, token: 'flaky', environmentId: emulator.environmentId } });
  });
  afterAll(async () => {
    await p?.stop();
    await emulator?.stop();
  });

  it('still uploads every file exactly once and sends nothing to the DLQ', async () => {
    const keys = Array.from({ length: 8 }, (_, i) => `acme/contacts/flaky/file-${i}.csv`);
    for (const key of keys) await p.drop(key, `Email Address,First Name\nf${key.length}@example.com,F\n`);
    const runs = await Promise.all(keys.map((k) => p.runOf(k, ['uploaded', 'rejected'])));
    expect(runs.map((r) => r.state)).toEqual(keys.map(() => 'uploaded'));
    const space = runs[0]!.spaceId!;
    const names = (await p.api.files.list({ spaceId: space, pageSize: 100 })).data.map((f) => f.name).sort();
    expect(names).toEqual(keys.map((k) => k.replaceAll('/', '__')).sort());
    expect(await p.peek('ingress', true)).toEqual([]);
  });
});
