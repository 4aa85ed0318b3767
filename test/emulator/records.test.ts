import { beforeAll, describe, expect, it } from 'vitest';
import { raw, TOKEN, useEmulator } from './support/harness.js';
import { contactsSheet } from './fixtures.js';

// Counts here are read right after writes: the counts lag (realism.ts) is off; test/emulator/realism.test.ts covers it.
// Counts fresh and commits completed at once: these tests read both right after writing (realism-commits.test.ts
// and realism.test.ts cover the lags).
const h = useEmulator({ realism: { countsLagMs: 0, commitLagMs: 0 } });
let spaceId: string;

beforeAll(async () => {
  spaceId = (await h.api.spaces.create({ name: 'records', environmentId: h.environmentId })).data.id;
});

async function sheet(trackChanges = true) {
  const { data } = await h.api.workbooks.create({
    name: 'Contacts',
    spaceId,
    settings: { trackChanges },
    sheets: [contactsSheet],
  });
  return { workbookId: data.id, sheetId: data.sheets![0]!.id };
}

const messages = (r: { values: Record<string, { messages?: { source?: string; type?: string }[] }> }, key: string) =>
  (r.values[key]?.messages ?? []).map((m) => m.source ?? m.type);

describe('validation on write', () => {
  it('flags required, unique (case-insensitive, empties ignored), enum and coercion errors per cell and record', async () => {
    const { sheetId } = await sheet();
    const { data } = await h.api.records.insert(sheetId, [
      { email: { value: 'a@x.io' }, age: { value: '42' }, active: { value: 'yes' }, dob: { value: '2001-02-03' }, status: { value: 'active' } },
      { email: { value: 'A@X.IO' }, age: { value: 'old' }, active: { value: 'maybe' }, dob: { value: 'someday' }, status: { value: 'gone' } },
      { firstName: { value: 'no email' } },
      { email: { value: 'c@x.io' }, code: { value: 'K' } },
      { email: { value: 'd@x.io' }, code: { value: 'k' } },
    ]);
    const [ok, bad, missing, k1, k2] = data.records!;
    // Valid but for the case-insensitive duplicate of its email.
    expect(ok!.valid).toBe(false);
    expect(ok!.values.age!.value).toBe(42);
    expect(ok!.values.active!.value).toBe(true);
    expect(bad!.valid).toBe(false);
    expect(messages(ok!, 'email')).toEqual(['unique-constraint']);
    expect(messages(bad!, 'email')).toEqual(['unique-constraint']);
    expect(bad!.values.age).toMatchObject({ value: 'old', valid: false });
    expect(bad!.values.active!.valid).toBe(false);
    expect(bad!.values.dob!.valid).toBe(false);
    expect(messages(bad!, 'status')).toEqual(['invalid-option']);
    expect(messages(missing!, 'email')).toEqual(['required-constraint']);
    expect(missing!.valid).toBe(false);
    // `code` is unique and case sensitive by default: K and k differ; empty codes are ignored.
    expect(k1!.valid && k2!.valid).toBe(true);

    // Fixing the duplicate clears the unique error on the record that was left alone.
    await h.api.records.update(sheetId, [{ id: bad!.id, values: { email: { value: 'b@x.io' } } }]);
    const { data: after } = await h.api.records.get(sheetId, { ids: [ok!.id] });
    expect(after.records[0]!.valid).toBe(true);
    expect(after.records[0]!.values.email!.messages).toEqual([]);
    const counts = await h.api.sheets.getRecordCounts(sheetId);
    // Still invalid: `bad` (age, active, dob, status) and `missing` (no email).
    expect(counts.data.counts).toMatchObject({ total: 5, valid: 3, error: 2 });
  });

  it('keeps writer-supplied custom-logic messages, replaces them on update and counts them against validity', async () => {
    const { sheetId } = await sheet();
    const { data } = await h.api.records.insert(sheetId, [{ email: { value: 'm@x.io' } }]);
    const id = data.records![0]!.id;
    await h.api.records.update(sheetId, [
      { id, values: { email: { value: 'm@x.io', messages: [{ type: 'error', message: 'blocked domain' }] } } },
    ]);
    const { data: got } = await h.api.records.get(sheetId, { filter: 'error', includeMessages: true });
    expect(got.records.map((r) => r.id)).toEqual([id]);
    expect(got.records[0]!.values.email!.messages).toEqual([
      { type: 'error', message: 'blocked domain', source: 'custom-logic', field: 'email' },
    ]);
    // `includeMessages` defaults to false: the cell still says it is invalid, but carries no messages.
    const { data: bare } = await h.api.records.get(sheetId, { filter: 'error' });
    expect(bare.records[0]!.valid).toBe(false);
    expect(bare.records[0]!.values.email).toMatchObject({ value: 'm@x.io', valid: false, messages: [] });
    await h.api.records.update(sheetId, [{ id, values: { email: { messages: [] } } }]);
    expect((await h.api.records.get(sheetId, { filter: 'valid' })).data.records.map((r) => r.id)).toEqual([id]);
  });

  it('answers an insert of plain cells (read column-wise) exactly as the same records parsed as JSON', async () => {
    const { sheetId } = await sheet();
    const plain = [
      { email: { value: 'p@x.io' }, age: { value: '7' }, active: { value: 'no' }, dob: { value: '2001-02-03' }, status: { value: 'inactive' } },
      { email: { value: 'P@X.IO' }, age: { value: 12.5 }, active: { value: true }, firstName: { value: null }, status: { value: 'gone' } },
      { firstName: { value: 'nobody' }, code: { value: '' } },
      {},
    ];
    // The same records with an empty `messages` list per cell take the JSON.parse path.
    const withMessages = plain.map((r) => Object.fromEntries(Object.entries(r).map(([k, c]) => [k, { ...c, messages: [] }])));
    const strip = (body: any) => body.data.records.map(({ id: _id, ...rest }: { id: string }) => rest);
    const fast = await raw(h, 'POST', `/v1/sheets/${sheetId}/records`, { body: JSON.stringify(plain) });
    const other = (await sheet()).sheetId;
    const slow = await raw(h, 'POST', `/v1/sheets/${other}/records`, { body: JSON.stringify(withMessages) });
    expect(fast.status).toBe(200);
    expect(strip(fast.body)).toEqual(strip(slow.body));
    expect(fast.body.data.counts).toEqual(slow.body.data.counts);
    expect(fast.body.data.counts).toEqual({ total: 4, valid: 0, error: 4 });
  });
});

describe('reading', () => {
  it('pages, filters, projects fields, selects ids and counts', async () => {
    const { sheetId } = await sheet();
    const rows = Array.from({ length: 25 }, (_, i) => ({ email: { value: `u${i}@x.io` }, age: { value: i % 5 === 0 ? 'x' : i } }));
    await h.api.records.insert(sheetId, rows);
    const p1 = await h.api.records.get(sheetId, { pageSize: 10, pageNumber: 1, includeCounts: true });
    const p3 = await h.api.records.get(sheetId, { pageSize: 10, pageNumber: 3 });
    expect(p1.data.records).toHaveLength(10);
    expect(p3.data.records.map((r) => r.values.email!.value)).toEqual(['u20@x.io', 'u21@x.io', 'u22@x.io', 'u23@x.io', 'u24@x.io']);
    expect(p1.data.counts).toMatchObject({ total: 25, valid: 20, error: 5 });
    const errors = await h.api.records.get(sheetId, { filter: 'error' });
    expect(errors.data.records.map((r) => r.values.email!.value)).toEqual(['u0@x.io', 'u5@x.io', 'u10@x.io', 'u15@x.io', 'u20@x.io']);
    const projected = await h.api.records.get(sheetId, { fields: ['age'], pageSize: 1 });
    expect(Object.keys(projected.data.records[0]!.values)).toEqual(['age']);
    const ids = p1.data.records.slice(0, 2).map((r) => r.id);
    const picked = await h.api.records.get(sheetId, { ids });
    expect(picked.data.records.map((r) => r.id)).toEqual(ids);
    // With a filter, ids exclude (Flatfile's documented rule).
    const excluded = await h.api.records.get(sheetId, { ids: [ids[1]!], filter: 'valid', pageSize: 2 });
    expect(excluded.data.records.map((r) => r.id)).not.toContain(ids[1]);
    const defaults = await h.api.records.get(sheetId);
    expect(defaults.data.records).toHaveLength(25);
  });

  it('reads one commit, everything since a commit, and deletes by id', async () => {
    const { sheetId } = await sheet();
    const first = await h.api.records.insert(sheetId, [{ email: { value: 'a@x.io' } }, { email: { value: 'b@x.io' } }]);
    const second = await h.api.records.insert(sheetId, [{ email: { value: 'c@x.io' } }]);
    const c1 = first.data.commitId!;
    const c2 = second.data.commitId!;
    const inC2 = await h.api.records.get(sheetId, { commitId: c2 });
    expect(inC2.data.records.map((r) => r.values.email!.value)).toEqual(['c@x.io']);
    const sinceC1 = await h.api.records.get(sheetId, { sinceCommitId: c1 });
    expect(sinceC1.data.records.map((r) => r.values.email!.value)).toEqual(['c@x.io']);
    const commit = await h.api.commits.get(c1);
    expect(commit.data.sheetId).toBe(sheetId);
    await h.api.records.delete(sheetId, { ids: [first.data.records![0]!.id] });
    const left = await h.api.records.get(sheetId);
    expect(left.data.records.map((r) => r.values.email!.value)).toEqual(['b@x.io', 'c@x.io']);
    expect((await h.api.sheets.getRecordCounts(sheetId)).data.counts.total).toBe(2);
  });
});

describe('reading v2 JSON Lines (records.v2)', () => {
  it('streams flat records with their ids, filtered, paged, since a commit and projected', async () => {
    const { sheetId } = await sheet();
    const first = await h.api.records.insert(sheetId, [
      { email: { value: 'a@x.io' }, age: { value: 31 }, active: { value: true }, firstName: { value: 'Zoë "Z", \\ 🎉' } },
      { email: { value: 'b@x.io' }, age: { value: 'old' } },
      { email: { value: 'c@x.io' } },
    ]);
    const [a, b, c] = first.data.records!;
    const all = await h.api.records.v2.getRaw(sheetId, {}, {});
    expect(all).toEqual([
      { __k: a!.id, __s: sheetId, __n: 'contacts', email: 'a@x.io', firstName: 'Zoë "Z", \\ 🎉', age: 31, active: true },
      { __k: b!.id, __s: sheetId, __n: 'contacts', email: 'b@x.io', age: 'old' },
      { __k: c!.id, __s: sheetId, __n: 'contacts', email: 'c@x.io' },
    ]);
    const valid = await h.api.records.v2.getRaw(sheetId, { filter: 'valid' }, {});
    expect(valid.map((r) => r.__k)).toEqual([a!.id, c!.id]);
    const errors = await h.api.records.v2.getRaw(sheetId, { filter: 'error' }, {});
    expect(errors.map((r) => r.__k)).toEqual([b!.id]);
    const page2 = await h.api.records.v2.getRaw(sheetId, { pageSize: 2, pageNumber: 2 }, {});
    expect(page2.map((r) => r.__k)).toEqual([c!.id]);
    const projected = await h.api.records.v2.getRaw(sheetId, { fields: ['age'], includeEmptyCells: true }, {});
    expect(projected[2]).toEqual({ __k: c!.id, __s: sheetId, __n: 'contacts', age: null });
    const bare = await h.api.records.v2.getRaw(sheetId, { noContext: true, filter: 'error' }, {});
    expect(bare).toEqual([{ __k: b!.id, __n: 'contacts', email: 'b@x.io', age: 'old' }]);

    await h.api.records.update(sheetId, [{ id: c!.id, values: { email: { value: 'c2@x.io' } } }]);
    const since: unknown[] = [];
    for await (const r of h.api.records.v2.getRawStreaming(sheetId, { sinceCommitId: first.data.commitId! })) since.push(r);
    expect(since).toEqual([{ __k: c!.id, __s: sheetId, __n: 'contacts', email: 'c2@x.io' }]);
  });

  it('refuses options it does not implement rather than ignoring them', async () => {
    const { sheetId } = await sheet();
    await expect(h.api.records.v2.getRaw(sheetId, { includeMessages: true }, {})).rejects.toThrow(/includeMessages is not supported/);
    const res = await raw(h, 'GET', '/v2-alpha/records.jsonl?workbookId=us_wb_1');
    expect(res.status).toBe(400);
    expect((await raw(h, 'GET', '/v1/v2-alpha/records.jsonl?sheetId=' + sheetId)).status).toBe(404);
  });
});

describe('commits', () => {
  it('emits commit:created per 10,000-row slice with trackChanges in the payload', async () => {
    const { sheetId } = await sheet();
    const before = (await h.api.events.list({ topic: 'commit:created', includeAcknowledged: true, pageSize: 10_000 })).data.length;
    const rows = Array.from({ length: 25_000 }, (_, i) => ({ email: { value: `s${i}@x.io` } }));
    // Raw POST straight to the emulator: the SDK's request serialisation of 25k records, and the conformance proxy's
    // schema check of the 25k-record answer, took 40-50 s of CPU here and test nothing of the slicing.
    const inserted = await fetch(`${h.emulator.url}/v1/sheets/${sheetId}/records`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify(rows),
    });
    expect(inserted.status).toBe(200);
    await inserted.arrayBuffer();
    const { data } = await h.api.events.list({ topic: 'commit:created', includeAcknowledged: true, pageSize: 10_000 });
    const mine = data.slice(before).filter((e) => e.context.sheetId === sheetId);
    expect(mine).toHaveLength(3);
    expect(mine.every((e) => e.payload.trackChanges === true && e.dataUrl?.startsWith(`v1/sheets/${sheetId}/records?commitId=`))).toBe(true);
    const sizes = await Promise.all(
      mine.map((e) => h.api.records.get(sheetId, { commitId: e.context.commitId, pageSize: 1, includeCounts: true })),
    );
    expect(sizes.map((s) => s.data.counts?.total)).toEqual([10_000, 10_000, 5_000]);
  });

  it('completes a commit referenced by a PUT, answers 304 when nothing changes, and emits commit:completed only when tracking', async () => {
    for (const track of [true, false]) {
      const { sheetId } = await sheet(track);
      const inserted = await h.api.records.insert(sheetId, [{ email: { value: 'p@x.io' } }]);
      const commitId = inserted.data.commitId!;
      const id = inserted.data.records![0]!.id;
      const put = await raw(h, 'PUT', `/v1/sheets/${sheetId}/records?commitId=${commitId}`, {
        body: JSON.stringify([{ id, values: { firstName: { value: 'Pat' } } }]),
      });
      expect(put.status).toBe(200);
      expect((await h.api.commits.get(commitId)).data.completedAt).toBeInstanceOf(Date);
      const completed = await h.api.events.list({ topic: 'commit:completed', includeAcknowledged: true, pageSize: 10_000 });
      expect(completed.data.some((e) => e.context.commitId === commitId)).toBe(track);
      const unchanged = await fetch(`${h.url}/v1/sheets/${sheetId}/records`, {
        method: 'PUT',
        headers: { authorization: `Bearer sk_test_emulator`, 'content-type': 'application/json' },
        body: JSON.stringify([{ id, values: { firstName: { value: 'Pat' } } }]),
      });
      expect(unchanged.status).toBe(304);
    }
  });

  it('completes commits explicitly and lists them per sheet and workbook', async () => {
    const { sheetId, workbookId } = await sheet();
    const { data } = await h.api.records.insert(sheetId, [{ email: { value: 'q@x.io' } }]);
    const open = await h.api.sheets.getSheetCommits(sheetId, { completed: false });
    expect(open.data.map((c) => c.id)).toEqual([data.commitId]);
    await h.api.commits.complete(data.commitId!);
    expect((await h.api.workbooks.getWorkbookCommits(workbookId, { completed: true })).data.map((c) => c.id)).toEqual([data.commitId]);
  });
});

describe('record indices (records.indices)', () => {
  it("gives each id's place among the records a query selects, -1 for one it does not select, in the SDK's shape", async () => {
    const { sheetId } = await sheet();
    const { data } = await h.api.records.insert(
      sheetId,
      ['a', 'b', 'c', 'd'].map((n) => ({ email: { value: `${n}@x.io` }, firstName: { value: n } })),
    );
    const [a, b, c, d] = data.records!.map((r) => r.id);
    // Deleting b moves every record after it up one place.
    await h.api.records.delete(sheetId, { ids: [b!] });
    const all = await h.api.records.indices(sheetId, { ids: [d!, a!, c!] });
    expect(all).toEqual([
      { id: d, index: 2 },
      { id: a, index: 0 },
      { id: c, index: 1 },
    ]);
    const sorted = await h.api.records.indices(sheetId, { ids: [a!, d!], sortField: 'firstName', sortDirection: 'desc' });
    expect(sorted).toEqual([
      { id: a, index: 2 },
      { id: d, index: 0 },
    ]);
    const deleted = await h.api.records.indices(sheetId, { ids: [b!] });
    expect(deleted).toEqual([{ id: b, index: -1 }]);
    expect((await raw(h, 'GET', `/v1/sheets/${sheetId}/records/indices`)).status).toBe(400);
  });
});
