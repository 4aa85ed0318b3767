import { describe, expect, it } from 'vitest';
import { ensureFeedSpace } from '../../../shared/flatfile/feed-space.js';
import { ensureRunWorkbook } from '../../../shared/flatfile/run-workbook.js';
import { maybeStartEgress } from '../../../shared/listener/egress-trigger.js';
import { moveRun } from '../../../shared/run/index.js';
import { listenerWorld } from '../../support/listener.js';

// The validation stage reports its own progress: commits completed of the destination sheet's commits, each time a
// commit completes and some are still open. `flatfeed run --watch` and the watchdog read it.

const world = listenerWorld('sk_test_validating_progress');

describe('validation progress', () => {
  it('is commits completed of the sheet, while some are open; then egress starts', async () => {
    const { api, ledger, emulator, manifest, deps } = world;
    const feed = manifest.feeds[0]!;
    const runId = 'run-validating-progress';
    await ledger.createRun({ runId, feed: feed.name, bucket: 'b', key: `${feed.source.inboxPrefix}x.csv`, etag: 'e', state: 'received' });
    for (const to of ['uploaded', 'mapping', 'validating'] as const) await moveRun(ledger, runId, to);
    const { spaceId } = await ensureFeedSpace(api, ledger, feed, emulator.environmentId);
    const { sheetId } = await ensureRunWorkbook(api, ledger, feed, { spaceId, environmentId: emulator.environmentId, fileName: 'x.csv', runId });
    const key = feed.fields[0]!.key;
    // Three writes, three commits; the destination workbook tracks changes, so each stays open until completed.
    for (const value of ['a', 'b', 'c']) await api.records.insert(sheetId, [{ [key]: { value } }]);
    const { data: commits } = await api.sheets.getSheetCommits(sheetId, {});
    expect(commits).toHaveLength(3);

    await api.commits.complete(commits[0]!.id);
    await emulator.services.writer.idle(); // completion lands late (realism commitLagMs), as commit:completed does
    await maybeStartEgress(deps(), feed, runId);
    expect((await ledger.getRun(runId))?.progress).toMatchObject({ stage: 'validating', done: 1, total: 3, unit: 'commits' });

    await api.commits.complete(commits[1]!.id);
    await emulator.services.writer.idle();
    await maybeStartEgress(deps(), feed, runId);
    const run = (await ledger.getRun(runId))!;
    expect(run).toMatchObject({ state: 'validating', progress: { stage: 'validating', done: 2, total: 3, unit: 'commits' } });

    await api.commits.complete(commits[2]!.id);
    await emulator.services.writer.idle();
    await maybeStartEgress(deps(), feed, runId);
    expect((await ledger.getRun(runId))?.state).toBe('egressing');
  }, 60_000);
});
