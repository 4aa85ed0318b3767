import { describe, expect, it } from 'vitest';
import { waitUntilSettled } from '../../shared/egress/settle.js';
import { raw, useEmulator } from './support/harness.js';

// Commits that complete late (realism `commitLagMs`), with fresh counts so that only the commits are late.
const h = useEmulator({ realism: { countsLagMs: 0, commitLagMs: 1_500, history: false } });

async function sheet() {
  const { data: sp } = await h.api.spaces.create({ name: 'late commits', environmentId: h.environmentId });
  const { data: wb } = await h.api.workbooks.create({
    name: 'w',
    spaceId: sp.id,
    environmentId: h.environmentId,
    settings: { trackChanges: true },
    sheets: [{ name: 'S', slug: 's', fields: [{ key: 'a', type: 'string', label: 'A' }] }],
  });
  return { spaceId: sp.id, sheetId: wb.sheets![0]!.id };
}

const pending = async (sheetId: string) => (await h.api.sheets.getSheetCommits(sheetId, { completed: false })).data.map((c) => c.id);

describe('emulator realism: commits complete after a delay', () => {
  it('lists a completed commit as pending until its completion lands, then emits commit:completed', async () => {
    const { spaceId, sheetId } = await sheet();
    await h.api.records.insert(sheetId, [{ a: { value: 'x' } }]);
    const [commitId] = await pending(sheetId);
    expect(commitId).toBeDefined();
    await h.api.commits.complete(commitId!);
    // The platform has accepted the completion, but the commit is not complete yet.
    expect(await pending(sheetId)).toEqual([commitId]);
    expect((await h.api.commits.get(commitId!)).data.completedAt).toBeUndefined();

    // Egress's settle wait (shared/egress/settle.ts) does not return while the commit is still pending.
    const settled = await waitUntilSettled(h.api, sheetId, { expectedTotal: 1, intervalMs: 100, timeoutMs: 60_000 });
    expect(settled).toMatchObject({ settled: true, counts: { total: 1 } });
    expect(await pending(sheetId)).toEqual([]);
    const { data: events } = await h.api.events.list({ environmentId: h.environmentId, spaceId, includeAcknowledged: true, pageSize: 1000 });
    expect(events.filter((e) => e.topic === 'commit:completed').map((e) => e.context.commitId)).toEqual([commitId]);
  });

  it('completes the commit a hook write-back references only after the delay', async () => {
    const { sheetId } = await sheet();
    await h.api.records.insert(sheetId, [{ a: { value: 'x' } }]);
    const [commitId] = await pending(sheetId);
    const { data: recs } = await h.api.records.get(sheetId);
    const record = recs.records[0]!;
    const put = await raw(h, 'PUT', `/v1/sheets/${sheetId}/records?commitId=${commitId}`, { body: JSON.stringify([{ id: record.id, values: { a: { value: 'y' } } }]) });
    expect(put.status).toBe(200);
    expect(await pending(sheetId)).toContain(commitId);
    await waitUntilSettled(h.api, sheetId, { expectedTotal: 1, intervalMs: 100, timeoutMs: 60_000 });
    expect(await pending(sheetId)).toEqual([]);
  });
});
