import type { FlatfileApi } from './client.js';

/**
 * Flatfile fails a job that is still executing but has not been acknowledged for 5 minutes (platform changelog,
 * 2023-11-28). Steps that can run longer than that (a large extraction, an export waiting for counts to settle)
 * acknowledge on this beat, well inside the window, whatever else they are doing.
 */
export const JOB_HEARTBEAT_MS = 60_000;

/** The platform's ack window: a job executing this long without an ack is failed (changelog 2023-11-28). */
export const PLATFORM_ACK_WINDOW_MS = 300_000;

/** The functions that hold a platform job while they run and keep it alive with `jobHeartbeat`. */
export const JOB_HOLDERS = ['worker', 'egress'] as const;

/** Acks the job every `everyMs` with what `state` reports, until stopped; a failed ack is left to the next beat. */
export function jobHeartbeat(
  api: Pick<FlatfileApi, 'jobs'>,
  jobId: string,
  state: () => { progress?: number; info?: string },
  everyMs = JOB_HEARTBEAT_MS,
): { stop(): void } {
  const timer = setInterval(() => {
    const { progress, info } = state();
    api.jobs.ack(jobId, { ...(progress !== undefined ? { progress } : {}), ...(info ? { info } : {}) }).catch(() => undefined);
  }, everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
