import type { FlatfileEvent } from '@flatfile/listener';
import { sendJson } from '../aws/sqs.js';
import { ensureFeedSpace } from '../flatfile/feed-space.js';
import type { Feed } from '../manifest/index.js';
import type { ValidateWork } from '../work/messages.js';
import type { ListenerDeps } from './deps.js';

/**
 * commit:created on the feed's destination sheet → validate and transform that commit's records in the worker.
 * Mapping writes, a person's edits in the UI and our own write-backs all arrive here; validation is idempotent, so
 * the last of those changes nothing and only completes its commit.
 */
export async function onCommitCreated(deps: ListenerDeps, feed: Feed, event: FlatfileEvent): Promise<void> {
  const dest = await ensureFeedSpace(deps.api, deps.ledger, feed, deps.environmentId);
  const sheetId = event.context.sheetId as string | undefined;
  if (sheetId !== dest.sheetId) return; // the [file] workbook's commits are raw extraction, not ours to validate
  const commitId = (event.context.commitId ?? event.context.versionId) as string;
  const work: ValidateWork = {
    kind: 'validate',
    feed: feed.name,
    sheetId,
    workbookId: dest.workbookId,
    commitId,
    trackChanges: event.payload?.trackChanges === true,
  };
  await sendJson(deps.sqs, deps.queues.work, work);
}
