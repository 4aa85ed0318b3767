import type { FlatfileApi } from '../flatfile/client.js';
import type { Ledger } from '../ledger/index.js';
import type { Feed } from '../manifest/index.js';
import { doOnce, runStep } from '../run/index.js';
import { openCursor } from './cursor.js';

/**
 * Opens a run's change subscription: a snapshot of its destination sheet, taken once (a ledger step) when every
 * commit of the run is complete and before egress reads the sheet. Changes are read against it afterwards, so an
 * edit made while egress runs is exported and also sent as a change — never lost.
 */
export async function openSubscription(
  deps: { api: Pick<FlatfileApi, 'snapshots'>; ledger: Ledger },
  feed: Feed,
  run: { runId: string; workbookId: string; sheetId: string },
): Promise<void> {
  if (!feed.subscribe) return;
  const step = await doOnce(
    deps.ledger,
    runStep(run.runId, 'subscribe-baseline'),
    async () => (await deps.api.snapshots.createSnapshot({ sheetId: run.sheetId, label: `flatfeed baseline ${run.runId}` })).data.id,
    { leaseSeconds: 120 },
  );
  if (step.ran || step.state === 'done') {
    await openCursor(deps.ledger, { feed: feed.name, runId: run.runId, workbookId: run.workbookId, sheetId: run.sheetId, snapshotId: step.value });
  }
}
