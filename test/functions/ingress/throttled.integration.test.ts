import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../../../emulator/index.js';
import { startTestPipeline, type TestPipeline } from '../../support/pipeline.js';
import { waitFor } from '../../support/wait.js';

// When Flatfile never stops throttling, ingress gives up after maxReceiveCount deliveries: the notification waits
// in the DLQ for a redrive, and the file is not the partner's fault, so it is not rejected. (A file of its own:
// handlers keep their configuration per process, as in Lambda, and this one needs another emulator.)

type Emulator = Awaited<ReturnType<typeof startEmulator>>;

describe('a Flatfile that always throttles uploads', () => {
  let emulator: Emulator;
  let p: TestPipeline;
  beforeAll(async () => {
    emulator = await startEmulator({ token: 'down', faults: { routes: { 'POST /files': { throttle: 1 } } } });
    p = await startTestPipeline(['ingress'], {
      flatfile: { apiUrl: emulator.url, token: 'down', environmentId: emulator.environmentId },
      // Longer than the in-invocation retries, so each receive is one whole attempt.
      visibilityTimeoutSeconds: 3,
    });
  });
  afterAll(async () => {
    await p?.stop();
    await emulator?.stop();
  });

  it('retries until maxReceiveCount, then parks the notification in the DLQ without rejecting the file', async () => {
    const key = 'acme/contacts/throttled.csv';
    await p.drop(key, 'Email Address,First Name\nt@example.com,T\n');
    const dead = await waitFor(
      'the notification in the ingress DLQ',
      async () => {
        const msgs = (await p.peek('ingress', true)) as { Records?: { s3: { object: { key: string } } }[] }[];
        return msgs.find((m) => m.Records?.[0]?.s3.object.key === 'acme/contacts/throttled.csv');
      },
      150_000,
    );
    expect(dead).toBeDefined();
    const run = await p.runOf(key, ['received', 'uploaded', 'rejected']);
    // Not the partner's fault: the run is not rejected, and it can be redriven from the DLQ once Flatfile recovers.
    expect(run.state).toBe('received');
    const spaces = (await p.api.spaces.list({ environmentId: emulator.environmentId })).data;
    for (const s of spaces) expect((await p.api.files.list({ spaceId: s.id })).data).toEqual([]);
  }, 180_000);
});
