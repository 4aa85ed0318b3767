import type { FlatfileEvent } from '@flatfile/listener';
import type { Feed } from '../manifest/index.js';
import { endRun, recordError } from '../run/index.js';
import type { ListenerDeps } from './deps.js';
import { endDepsOf } from './run-guard.js';

/**
 * job:failed, any job of a run (the platform's own `file:extract`, our extraction, mapping and egress jobs) → the run
 * ends with the platform's message. A file the platform could not parse is the partner's problem (`rejected`, with
 * the parser's line and reason); any other failed job ends the run `failed`. A run that already ended (our worker
 * rejected the file and failed its job; egress found a mismatch) stays as it is.
 */
export async function onJobFailed(deps: ListenerDeps, _feed: Feed, event: FlatfileEvent): Promise<void> {
  const jobId = event.context.jobId as string;
  const fileId = event.context.fileId as string | undefined;
  const runId = (await deps.ledger.runIdFor('job', jobId)) ?? (fileId ? await deps.ledger.runIdFor('file', fileId) : undefined);
  if (!runId) return;
  const { data: job } = await deps.api.jobs.get(jobId);
  const outcome = (job.outcome ?? {}) as { message?: string; heading?: string };
  const message = outcome.message ?? job.info ?? 'no message';
  const kind = `${job.type}:${job.operation}`;
  await recordError(deps.ledger, runId, kind, 'job-failed', `${kind} ${jobId}: ${message}`);
  if (kind === 'file:extract') {
    const { data: file } = fileId ? await deps.api.files.get(fileId) : { data: undefined };
    await endRun(endDepsOf(deps), runId, 'rejected', `malformed-content: Flatfile could not read "${file?.name ?? fileId}": ${message}`);
    return;
  }
  await endRun(endDepsOf(deps), runId, 'failed', `job-failed: the Flatfile job ${kind} (${jobId}) failed: ${message}`);
}
