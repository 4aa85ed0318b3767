import type { FlatfileEvent } from '@flatfile/listener';
import { sendJson } from '../aws/sqs.js';
import type { Feed } from '../manifest/index.js';
import type { ValidateWork } from '../work/messages.js';
import type { ListenerDeps } from './deps.js';

/**
 * commit:created on one of the feed's destination sheets (one per run) → validate and transform that commit's records in the worker.
 * Mapping writes, a person's edits in the UI and our own write-backs all arrive here; validation is idempotent, so
 * the last of those changes nothing and only completes its commit.
 */
export async function onCommitCreated(deps: ListenerDeps, feed: Feed, event: FlatfileEvent): Promise<void> {
  const sheetId = event.context.sheetId as string | undefined;
  const workbookId = event.context.workbookId as string | undefined;
  // The [file] workbooks' commits are raw extracted rows, not ours to validate.
  if (!sheetId || !workbookId || !(await deps.isDestination(workbookId, feed))) return;
  const commitId = (event.context.commitId ?? event.context.versionId) as string;
  const work: ValidateWork = {
    kind: 'validate',
    feed: feed.name,
    sheetId,
    workbookId,
    commitId,
    trackChanges: event.payload?.trackChanges === true,
  };
  await sendJson(deps.sqs, deps.queues.work, work);
}
