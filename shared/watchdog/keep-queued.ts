import type { FlatfileApi } from '../flatfile/client.js';
import type { Ledger, Run } from '../ledger/index.js';
import type { Telemetry } from '../telemetry/index.js';

/** What the watchdog's ack says; a consumer that starts the job replaces it with its own (`Retrieving file`, `Exporting`). */
export const QUEUED_INFO = 'Queued: waiting for a worker';

/** The stages whose job waits in a queue for its consumer (work, egress), and where the run keeps the job's id. */
const QUEUED_STAGES = { extracting: 'extractJobId', egressing: 'egressJobId' } as const satisfies Partial<Record<Run['state'], keyof Run>>;

export interface KeepQueuedDeps {
  ledger: Ledger;
  api: Pick<FlatfileApi, 'jobs'>;
  telemetry: Telemetry;
}

/**
 * Acknowledges, on behalf of its queue, each job of ours that is ready but that no consumer has started: Flatfile
 * fails a job not acknowledged for 5 minutes (changelog 2023-11-28; the emulator's ack window also counts a `ready`
 * job), and under a backlog (reserved concurrency 5 on the work and egress queues, steps of up to 600 s) a message
 * can wait longer than that before a worker takes it, which would end a healthy run `failed`. A job some consumer has
 * acknowledged carries that consumer's info and is left to it, so a consumer that dies still lets the platform fail
 * its job within one window. Runs idle past `staleBefore` are the patrol's (re-drive, then `stalled`), not kept.
 */
export async function keepQueuedJobsAlive(deps: KeepQueuedDeps, options: { idleBefore: Date; staleBefore: Readonly<Record<keyof typeof QUEUED_STAGES, Date>>; limit?: number }): Promise<string[]> {
  const kept: string[] = [];
  for (const [stage, idKey] of Object.entries(QUEUED_STAGES) as [keyof typeof QUEUED_STAGES, (typeof QUEUED_STAGES)[keyof typeof QUEUED_STAGES]][]) {
    const runs = await deps.ledger.runsIdleIn(stage, options.idleBefore.toISOString(), options.limit ?? 100);
    for (const run of runs) {
      const jobId = run[idKey];
      if (run.state !== stage || !jobId || !run.progressAt || run.progressAt < options.staleBefore[stage].toISOString()) continue;
      try {
        const { data: job } = await deps.api.jobs.get(jobId);
        const waiting = job.status === 'ready' || (job.status === 'executing' && job.info === QUEUED_INFO);
        if (!waiting) continue;
        await deps.api.jobs.ack(jobId, { info: QUEUED_INFO });
        kept.push(jobId);
      } catch (e) {
        // The next pass (a minute on) tries again, well inside the window.
        deps.telemetry.logger.warn('could not keep a queued job alive', { runId: run.runId, jobId, error: e as Error });
      }
    }
  }
  return kept;
}
