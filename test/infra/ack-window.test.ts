import { describe, expect, it } from 'vitest';
import { REAL_PLATFORM } from '../../emulator/realism.js';
import { buildTopology, VISIBILITY_FACTOR } from '../../infra/topology.js';
import { loadManifest } from '../../shared/manifest/index.js';
import { JOB_HEARTBEAT_MS, JOB_HOLDERS, PLATFORM_ACK_WINDOW_MS } from '../../shared/flatfile/job-heartbeat.js';
import { MANIFEST_FILE } from './fixture.js';

// The platform fails a job not acknowledged for 5 minutes (changelog 2023-11-28). The functions that hold a job
// (worker: extraction; egress: export) run up to their timeout, and SQS gives their message to another attempt only
// after the queue's visibility timeout. These figures must agree, or a job is failed under a live step, or a step runs
// twice at once.
const topology = buildTopology(await loadManifest(MANIFEST_FILE));
const fn = (id: string) => topology.functions.find((f) => f.id === id)!;

describe('ack window, heartbeat, function timeouts and queue visibility agree', () => {
  it('the emulator fails unacknowledged jobs after the same window the pipeline plans for', () => {
    expect(REAL_PLATFORM.jobAckTimeoutMs).toBe(PLATFORM_ACK_WINDOW_MS);
  });

  it('the heartbeat fits at least three times in the ack window: one lost ack (or a slow one) does not fail the job', () => {
    expect(JOB_HEARTBEAT_MS * 3).toBeLessThanOrEqual(PLATFORM_ACK_WINDOW_MS);
  });

  it.each(JOB_HOLDERS)('%s: may outlive the ack window only because it beats; its queue never redelivers under a live attempt', (id) => {
    const f = fn(id);
    expect(f.trigger.kind).toBe('sqs');
    if (f.trigger.kind !== 'sqs') return;
    // A step that runs longer than the window would be failed without the heartbeat; with it, the longest silence
    // is one beat, whatever the timeout.
    expect(Math.min(f.timeoutSeconds * 1000, JOB_HEARTBEAT_MS)).toBeLessThan(PLATFORM_ACK_WINDOW_MS);
    // Its message is invisible for longer than any attempt can live (Lambda's six-fold guidance), so a second
    // attempt never starts on a job the first is still acknowledging.
    const queue = topology.queues.find((q) => q.id === (f.trigger as { queue: string }).queue)!;
    expect(queue.visibilityTimeoutSeconds).toBeGreaterThanOrEqual(f.timeoutSeconds * VISIBILITY_FACTOR);
    // A dead attempt (crash, timeout) stops acknowledging: the platform fails its job within one window, well
    // before SQS redelivers, so the run ends through `job:failed` (shared/listener/job-failed.ts) instead of
    // waiting for a redelivery that would find a failed job.
    expect(PLATFORM_ACK_WINDOW_MS).toBeLessThan(queue.visibilityTimeoutSeconds * 1000);
  });

  it('the worker and egress are the only consumers of their queues', () => {
    for (const id of JOB_HOLDERS) {
      const queue = (fn(id).trigger as { queue: string }).queue;
      expect(topology.functions.filter((f) => f.trigger.kind === 'sqs' && f.trigger.queue === queue).map((f) => f.id)).toEqual([id]);
    }
  });
});
