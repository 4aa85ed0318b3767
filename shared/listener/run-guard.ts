import type { Run, RunState } from '../ledger/index.js';
import type { EndDeps } from '../run/index.js';
import type { ListenerDeps } from './deps.js';

/** Steps that create a Flatfile job or workbook take one API call; a holder that died frees them after this. */
export const STEP_LEASE_SECONDS = 120;

/**
 * The run an event is about, if it is in one of `states`; otherwise undefined (logged). Every route checks this
 * before acting, so an event delivered again — also under a new id, as the platform does after its own retries —
 * never repeats a step of a run that has moved on, nor moves a finished run back.
 */
export async function runAwaiting(deps: ListenerDeps, runId: string | undefined, states: readonly RunState[], what: string): Promise<Run | undefined> {
  if (!runId) return undefined;
  const run = await deps.ledger.getRun(runId);
  if (run && states.includes(run.state)) return run;
  deps.telemetry.logger.info(`${what}: run is not waiting for it; skipped`, { runId, state: run?.state, awaiting: states });
  return undefined;
}

export const endDepsOf = (deps: ListenerDeps): EndDeps => ({
  ledger: deps.ledger,
  sqs: deps.sqs,
  outboundQueueUrl: deps.queues.outbound,
  telemetry: deps.telemetry,
});
