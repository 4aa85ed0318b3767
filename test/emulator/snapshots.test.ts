import { describe, expect, it } from 'vitest';
import { raw, useEmulator } from './support/harness.js';
import { contactsSheet } from './fixtures.js';

// Sheet snapshots as Flatfile's API serves them: the records frozen when taken, read back as the difference to the
// sheet now (createdSince / updatedSince / deletedSince, each cell with `value` and `snapshotValue`). Every response
// passes through the conformance proxy (the SDK's own schemas).
const h = useEmulator({ realism: { countsLagMs: 0 } });

async function sheetWith(emails: string[]) {
  const { data: space } = await h.api.spaces.create({ name: 'snapshots', environmentId: h.environmentId });
  const { data: wb } = await h.api.workbooks.create({ name: 'Contacts', spaceId: space.id, settings: { trackChanges: true }, sheets: [contactsSheet] });
  const sheetId = wb.sheets![0]!.id;
  const { data } = await h.api.records.insert(sheetId, emails.map((e) => ({ email: { value: e }, firstName: { value: e.split('@')[0]! } })));
  return { sheetId, ids: data.records!.map((r) => r.id) };
}

describe('snapshots', () => {
  it('reports records created, updated (with before and after) and deleted since the snapshot, and nothing else', async () => {
    const { sheetId, ids } = await sheetWith(['a@x.io', 'b@x.io', 'c@x.io']);
    const { data: snap } = await h.api.snapshots.createSnapshot({ sheetId, label: 'baseline' });
    expect(snap).toMatchObject({ sheetId, label: 'baseline', id: expect.stringMatching(/^us_ss_/) });

    await h.api.records.update(sheetId, [{ id: ids[0]!, values: { firstName: { value: 'Ada' } } }]);
    await h.api.records.delete(sheetId, { ids: [ids[1]!] });
    const { data: added } = await h.api.records.insert(sheetId, [{ email: { value: 'd@x.io' } }]);

    const read = async (changeType: 'createdSince' | 'updatedSince' | 'deletedSince') =>
      (await h.api.snapshots.getSnapshotRecords(snap.id, { changeType, pageSize: 100 })).data;
    const updated = await read('updatedSince');
    expect(updated.map((r) => r.id)).toEqual([ids[0]]);
    expect(updated[0]!.values.firstName).toEqual({ value: 'Ada', snapshotValue: 'a' });
    expect(updated[0]!.values.email).toEqual({ value: 'a@x.io', snapshotValue: 'a@x.io' });
    // The record's version: the commit of the update.
    const { data: commits } = await h.api.sheets.getSheetCommits(sheetId);
    expect(commits.map((c) => c.id)).toContain(updated[0]!.commitId);

    const deleted = await read('deletedSince');
    expect(deleted.map((r) => r.id)).toEqual([ids[1]]);
    expect(deleted[0]!.values.email).toEqual({ snapshotValue: 'b@x.io' });

    const created = await read('createdSince');
    expect(created.map((r) => r.id)).toEqual([added.records![0]!.id]);
    expect(created[0]!.values.email).toEqual({ value: 'd@x.io' });

    const { data: withSummary } = await h.api.snapshots.getSnapshot(snap.id, { includeSummary: true });
    expect(withSummary.summary).toMatchObject({
      createdSince: { total: 1 },
      updatedSince: { total: 1, byField: { firstName: 1 } },
      deletedSince: { total: 1 },
    });
    // A later snapshot sees none of it.
    const { data: later } = await h.api.snapshots.createSnapshot({ sheetId });
    for (const t of ['createdSince', 'updatedSince', 'deletedSince'] as const) {
      expect((await h.api.snapshots.getSnapshotRecords(later.id, { changeType: t })).data).toEqual([]);
    }
    expect((await h.api.snapshots.listSnapshots({ sheetId })).data.map((s) => s.id)).toEqual([snap.id, later.id]);
  });

  it('an update that changes a value back is no change; pages follow pageSize', async () => {
    const { sheetId, ids } = await sheetWith(['a@x.io', 'b@x.io', 'c@x.io']);
    const { data: snap } = await h.api.snapshots.createSnapshot({ sheetId });
    await h.api.records.update(sheetId, [{ id: ids[0]!, values: { firstName: { value: 'X' } } }]);
    await h.api.records.update(sheetId, [{ id: ids[0]!, values: { firstName: { value: 'a' } } }]);
    expect((await h.api.snapshots.getSnapshotRecords(snap.id, { changeType: 'updatedSince' })).data).toEqual([]);
    for (const id of ids) await h.api.records.update(sheetId, [{ id, values: { firstName: { value: 'Z' } } }]);
    const page = (n: number) => h.api.snapshots.getSnapshotRecords(snap.id, { changeType: 'updatedSince', pageSize: 2, pageNumber: n });
    expect((await page(1)).data.map((r) => r.id)).toEqual(ids.slice(0, 2));
    expect((await page(2)).data.map((r) => r.id)).toEqual(ids.slice(2));
  });

  it('refuses what the API refuses: no sheetId, an unknown change type, no includeSummary, an unknown snapshot', async () => {
    const { sheetId } = await sheetWith(['a@x.io']);
    const { data: snap } = await h.api.snapshots.createSnapshot({ sheetId });
    expect((await raw(h, 'POST', '/v1/snapshots', { body: '{}' })).status).toBe(400);
    expect((await raw(h, 'GET', `/v1/snapshots/${snap.id}/records?changeType=changed`)).status).toBe(400);
    expect((await raw(h, 'GET', `/v1/snapshots/${snap.id}`)).status).toBe(400);
    expect((await raw(h, 'GET', '/v1/snapshots/us_ss_missing0/records')).status).toBe(404);
    expect((await raw(h, 'DELETE', `/v1/snapshots/${snap.id}`)).status).toBe(200);
    expect((await raw(h, 'GET', `/v1/snapshots/${snap.id}?includeSummary=false`)).status).toBe(404);
  });
});
