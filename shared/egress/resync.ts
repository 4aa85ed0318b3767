import { createJobOnce } from '../flatfile/create-job.js';
import type { FlatfileApi } from '../flatfile/client.js';
import { knownFeedSpaces } from '../flatfile/feed-space.js';
import { isDestinationWorkbook } from '../flatfile/run-workbook.js';
import type { Ledger } from '../ledger/index.js';
import type { Feed } from '../manifest/index.js';
import { doOnce, forgetStep, type StepKey } from '../run/step.js';
import { EGRESS_OPERATION } from '../work/messages.js';
import { previousSync } from './sync-stamp.js';

export interface ResyncDeps {
  api: Pick<FlatfileApi, 'workbooks' | 'records' | 'jobs' | 'sheets'>;
  ledger: Ledger;
  now?: () => Date;
}

export interface ResyncOutcome {
  /** Workbooks that got an incremental egress job now, with the job. */
  started: { workbookId: string; jobId: string }[];
  /** Destination workbooks looked at. */
  workbooks: number;
  /** Re-sync jobs that had not finished after JOB_DEADLINE_MS: failed with a reason, a new one is started. */
  abandoned: string[];
}

/** Creating a job is one API call; a holder that died frees the step after this. */
const LEASE_SECONDS = 120;
/** Twice egress's stage deadline (70 min, infra/topology.ts stageDeadlines): a re-sync job still open then is stuck. */
const JOB_DEADLINE_MS = 140 * 60_000;
const ENDED = new Set(['failed', 'canceled']);

const step = (workbookId: string, since: string): StepKey => ({ pk: `RESYNC#${workbookId}`, sk: `FROM#${since}` });

/**
 * The feed's scheduled re-sync (`egress.resync`): each destination workbook of a `done` run whose records changed
 * since its last sync gets an incremental egress job — the job a person's "Sync now" creates, which exports what
 * changed since the workbook's `lastSyncedCommitId` (its sync stamp) and moves the stamp on. One job per workbook and
 * last sync (a ledger step taken before the job is created): an overlapping or repeated schedule starts nothing
 * twice; a job that failed, or is stuck past its deadline (then failed with a reason), is replaced by a new one.
 * A sheet with a commit still being validated waits for the next round; runs still in flight export themselves.
 * Deleted records are not in an incremental export (the records endpoint lists what exists); a change subscription
 * (`subscribe`) reports them.
 */
export async function resyncFeed(deps: ResyncDeps, feed: Feed): Promise<ResyncOutcome> {
  const out: ResyncOutcome = { started: [], workbooks: 0, abandoned: [] };
  const now = deps.now ?? (() => new Date());
  const spaceId = [...(await knownFeedSpaces(deps.ledger, [feed])).keys()][0];
  if (!spaceId) return out;
  const { data: workbooks } = await deps.api.workbooks.list({ spaceId });
  for (const wb of workbooks) {
    if (!isDestinationWorkbook(wb, feed)) continue;
    out.workbooks++;
    const runId = await deps.ledger.runIdFor('workbook', wb.id);
    const run = runId ? await deps.ledger.getRun(runId) : undefined;
    if (run?.state !== 'done' || !run.sheetId) continue;
    const since = previousSync(wb.metadata)?.lastSyncedCommitId;
    if (!since) continue;
    const { data: changed } = await deps.api.records.get(run.sheetId, { sinceCommitId: since, pageSize: 1 });
    if (changed.records.length === 0) continue;
    const { data: open } = await deps.api.sheets.getSheetCommits(run.sheetId, { completed: false });
    if (open.length > 0) continue;
    const key = step(wb.id, since);
    // The job a new one replaces (failed or stuck): it names the create's marker, so a lost response finds the new job.
    let replacing: string | undefined;
    for (let attempt = 1; attempt <= 2; attempt++) {
      const job = await doOnce(
        deps.ledger,
        key,
        async () =>
          (
            await createJobOnce(
              deps.api,
              {
                type: 'workbook',
                operation: EGRESS_OPERATION,
                source: wb.id,
                trigger: 'immediate',
                mode: 'background',
                input: { mode: 'incremental', flatfeed: { feed: feed.name, resync: true } },
              },
              `${wb.id}:resync:${since}${replacing ? `:after:${replacing}` : ''}`,
            )
          ).id,
        { leaseSeconds: LEASE_SECONDS, keepDays: 30 },
      );
      if (job.ran) {
        out.started.push({ workbookId: wb.id, jobId: job.value });
        break;
      }
      if (job.state !== 'done') break; // another re-sync is creating it now
      const { data: existing } = await deps.api.jobs.get(job.value);
      const stuck = !ENDED.has(existing.status ?? '') && existing.status !== 'complete' && now().getTime() - new Date(existing.createdAt).getTime() > JOB_DEADLINE_MS;
      if (stuck) {
        await deps.api.jobs.fail(job.value, {
          info: 're-sync export stuck',
          outcome: { message: `The scheduled re-sync export made no progress in ${JOB_DEADLINE_MS / 60_000} minutes; a new one was started. Check the egress DLQ.` },
        });
        out.abandoned.push(job.value);
      } else if (!ENDED.has(existing.status ?? '')) break; // complete (the stamp moves on) or still running
      await forgetStep(deps.ledger, key);
      replacing = job.value;
    }
  }
  return out;
}
