import { beforeAll, describe, expect, it } from 'vitest';
import { workbookConfig } from '../../../shared/flatfile/blueprint.js';
import { Feed } from '../../../shared/manifest/index.js';
import { validateCommit, type FeedHooks } from '../../../shared/validate/index.js';
import type { ValidateWork } from '../../../shared/work/messages.js';
import { TOKEN, useEmulator } from '../../emulator/support/harness.js';
import { waitFor } from '../../support/wait.js';
import { sampleFeeds, sampleRecords } from './sample-rows.js';

// Counts are read right after writes here: the counts lag (emulator realism) is off.
const h = useEmulator({ realism: { countsLagMs: 0 } });
let contacts: Feed;
let orders: Feed;
let ordersHooks: FeedHooks;
beforeAll(async () => {
  ({ contacts, orders, ordersHooks } = await sampleFeeds());
});

/** fetch that counts record write-backs. */
function countingFetch() {
  const counter = { puts: 0, records: 0 };
  const f: typeof fetch = async (input, init) => {
    if (init?.method === 'PUT') counter.puts++;
    return fetch(input, init);
  };
  return { counter, fetch: f };
}

async function destination(feed: Feed) {
  const { data: space } = await h.api.spaces.create({ name: feed.name, environmentId: h.environmentId });
  const { data: wb } = await h.api.workbooks.create(workbookConfig(feed, space.id, h.environmentId));
  return { workbookId: wb.id, sheetId: wb.sheets![0]!.id };
}

/** Inserts the feed's sample rows as raw strings, the way mapping writes them, and returns the insert's commit. */
async function insertSample(feed: Feed, sheetId: string): Promise<string> {
  const rows = sampleRecords(feed).map((r) => Object.fromEntries(Object.entries(r.values).map(([k, v]) => [k, { value: v as string }])));
  const { data } = await h.api.records.insert(sheetId, rows);
  return (data as unknown as { commitId: string }).commitId;
}

/** A record as the v1 API returns it, with its cells' messages. */
interface StoredRecord {
  id: string;
  values: Record<string, { value?: unknown; messages?: { type?: string; message?: string; source?: string; field?: string }[] } | undefined>;
}

async function sheet(sheetId: string): Promise<StoredRecord[]> {
  const { data } = await h.api.records.get(sheetId, { includeMessages: true });
  return data.records as unknown as StoredRecord[];
}

const work = (feed: Feed, ids: { sheetId: string; workbookId: string }, commitId: string): ValidateWork => ({
  kind: 'validate',
  feed: feed.name,
  ...ids,
  commitId,
  trackChanges: true,
});

const custom = (message: string, type = 'error') => ({ type, message, source: 'custom-logic', field: expect.any(String) });

describe('validateCommit against the emulator', () => {
  it('validates the contacts sample commit, writes values and messages back, completes the commit, and is idempotent', async () => {
    const ids = await destination(contacts);
    const commitId = await insertSample(contacts, ids.sheetId);
    const { counter, fetch } = countingFetch();
    const options = { connection: { token: TOKEN, apiUrl: h.url }, fetch };

    const first = await validateCommit(h.api, work(contacts, ids, commitId), contacts, options);
    // Lines 2 and 10 share an email: the platform's unique constraint flags them, not our rules (7, not 9).
    expect(first).toEqual({ commitId, records: 20, invalid: 7, written: 20, completed: false });
    expect(counter.puts).toBe(1);
    // Commits complete a moment after the write-back that completes them (realism `commitLagMs`).
    await waitFor('the commit to complete', async () => (await h.api.commits.get(commitId)).data.completedAt);

    const records = await sheet(ids.sheetId);
    const row = (line: number) => records[line - 2]!;
    const values = (line: number) => Object.fromEntries(Object.entries(row(line).values).map(([k, c]) => [k, c?.value]));
    expect(values(4)).toEqual({
      email: 'mary.smith@example.co.uk',
      first_name: 'Mary',
      last_name: 'Smith',
      phone: '+44 20 7946 0958',
      company: 'Smith Ltd',
      country: 'GB',
      status: 'active',
      signup_date: '2026-05-21',
    });
    expect(values(5)).toMatchObject({ country: 'US', signup_date: '2026-06-30' });
    expect(values(13)).toMatchObject({ country: 'DE', status: 'inactive' });
    expect(row(9).values.country).toMatchObject({
      value: 'Italy',
      valid: false,
      messages: [
        { type: 'error', source: 'invalid-option', message: 'Invalid option: Italy', field: 'country' },
        custom('"Italy" is not a country; expected DE (Germany), FR (France), GB (United Kingdom) or US (United States)'),
      ],
    });
    expect(row(8).values.email?.messages).toEqual([
      { type: 'error', source: 'required-constraint', message: 'Email is required', field: 'email' },
      custom('Email is required, but the cell is empty'),
    ]);
    for (const line of [2, 10]) {
      expect(row(line).values.email?.messages).toEqual([{ type: 'error', source: 'unique-constraint', message: 'Value is not unique', field: 'email' }]);
    }
    expect(row(14).values.signup_date).toMatchObject({
      value: '13/45/2026',
      messages: [custom('expected a date like 2026-11-17 (YYYY-MM-DD) or 11/17/2026 (MM/DD/YYYY), got "13/45/2026"')],
    });
    expect(row(20).values.status?.messages).toEqual([
      { type: 'error', source: 'invalid-option', message: 'Invalid option: vip', field: 'status' },
      custom('"vip" is not a status; expected lead, active or inactive'),
    ]);
    const invalidLines = records.flatMap((r, i) => ((r as { valid?: boolean }).valid ? [] : [i + 2]));
    expect(invalidLines).toEqual([2, 7, 8, 9, 10, 12, 14, 17, 20]);

    const again = await validateCommit(h.api, work(contacts, ids, commitId), contacts, options);
    expect(again).toEqual({ commitId, records: 20, invalid: 7, written: 0, completed: true });
    expect(counter.puts).toBe(1);
    expect(await sheet(ids.sheetId)).toEqual(records);
  });

  it('validates a person\'s edit (a commit of its own) and heals the duplicate it resolves', async () => {
    const ids = await destination(contacts);
    const commitId = await insertSample(contacts, ids.sheetId);
    const options = { connection: { token: TOKEN, apiUrl: h.url } };
    await validateCommit(h.api, work(contacts, ids, commitId), contacts, options);
    const before = await sheet(ids.sheetId);

    // In the UI: the duplicate Anna (line 10) gets her new address, and "vip" becomes "customer".
    const { data } = await h.api.records.update(ids.sheetId, [
      { id: before[8]!.id, values: { email: { value: 'Anna.Schmidt@Example.org ' } } },
      { id: before[18]!.id, values: { status: { value: 'customer' } } },
    ]);
    const edit = (data as unknown as { commitId: string }).commitId;
    const result = await validateCommit(h.api, work(contacts, ids, edit), contacts, options);
    expect(result).toEqual({ commitId: edit, records: 2, invalid: 0, written: 2, completed: false });

    const after = await sheet(ids.sheetId);
    expect(after[8]!.values.email).toMatchObject({ value: 'anna.schmidt@example.org', messages: [] });
    expect(after[18]!.values.status).toMatchObject({ value: 'active', messages: [] });
    // Line 2 was flagged as a duplicate of line 10; that is no longer true, and the platform says so without our
    // validation reading line 2.
    expect(after[0]!.values.email).toMatchObject({ value: 'anna.schmidt@example.de', messages: [] });
    expect((after[0] as { valid?: boolean }).valid).toBe(true);
    // Commits complete a moment after the write-back that completes them (realism `commitLagMs`).
    await waitFor('the commit to complete', async () => (await h.api.commits.get(edit)).data.completedAt);
  });

  it('marks a record outside the commit that a new record duplicates', async () => {
    const ids = await destination(orders);
    const first = await insertSample(orders, ids.sheetId);
    const options = { connection: { token: TOKEN, apiUrl: h.url }, hooks: ordersHooks };
    await validateCommit(h.api, work(orders, ids, first), orders, options);

    const { data } = await h.api.records.insert(ids.sheetId, [
      {
        order_id: { value: 'NW-004721' },
        customer: { value: 'Gasthof Zur Post' },
        sku: { value: 'gp-779' },
        quantity: { value: '1500' },
        order_date: { value: '21.11.2026' },
      },
    ]);
    const second = (data as unknown as { commitId: string }).commitId;
    const result = await validateCommit(h.api, work(orders, ids, second), orders, options);
    expect(result).toMatchObject({ records: 1, invalid: 0, written: 1 });

    const after = await sheet(ids.sheetId);
    const dup = [expect.objectContaining({ type: 'error', source: 'unique-constraint' })];
    expect(after[11]!.values.order_id?.messages).toEqual(dup);
    expect((after[11] as { valid?: boolean }).valid).toBe(false);
    expect(after[12]!.values).toMatchObject({
      order_id: { messages: dup },
      sku: { value: 'GP-779' },
      quantity: { value: 1500, messages: [custom('unusually large order: 1500 units (more than 1000); check the quantity', 'warn')] },
      currency: { value: 'EUR' },
      order_date: { value: '2026-11-21' },
    });
    const again = await validateCommit(h.api, work(orders, ids, second), orders, options);
    expect(again).toMatchObject({ written: 0, completed: true });
  });

  it('completes a commit with nothing to change only when the workbook tracks changes', async () => {
    const ids = await destination(contacts);
    const { data } = await h.api.records.insert(ids.sheetId, [
      { email: { value: 'a@example.com' }, first_name: { value: 'A' }, country: { value: 'DE' }, status: { value: 'lead' } },
    ]);
    const commitId = (data as unknown as { commitId: string }).commitId;
    const options = { connection: { token: TOKEN, apiUrl: h.url } };
    const untracked = await validateCommit(h.api, { ...work(contacts, ids, commitId), trackChanges: false }, contacts, options);
    expect(untracked).toMatchObject({ records: 1, written: 0, completed: false });
    expect((await h.api.commits.get(commitId)).data.completedAt).toBeUndefined();
    const tracked = await validateCommit(h.api, work(contacts, ids, commitId), contacts, options);
    expect(tracked).toMatchObject({ written: 0, completed: true });
    // Commits complete a moment after the write-back that completes them (realism `commitLagMs`).
    await waitFor('the commit to complete', async () => (await h.api.commits.get(commitId)).data.completedAt);
  });
});

describe('uniqueness within a file (the platform\'s unique constraint, which validation leaves to it)', () => {
  const person = (email: string, first: string) => ({ email: { value: email }, first_name: { value: first }, country: { value: 'DE' } });
  async function insert(sheetId: string, rows: ReturnType<typeof person>[]): Promise<string> {
    const { data } = await h.api.records.insert(sheetId, rows);
    return (data as unknown as { commitId: string }).commitId;
  }
  const byFirstName = async (sheetId: string) =>
    Object.fromEntries(
      (await sheet(sheetId)).map((r) => [
        r.values.first_name!.value as string,
        { email: r.values.email!.value, valid: (r as { valid?: boolean }).valid, sources: (r.values.email!.messages ?? []).map((m) => m.source) },
      ]),
    );

  it('flags a duplicate across commits on both records, and validating commits again flags no record against itself', async () => {
    const ids = await destination(contacts);
    const options = { connection: { token: TOKEN, apiUrl: h.url } };
    const first = await insert(ids.sheetId, [person('a@example.com', 'A'), person('b@example.com', 'B'), person('c@example.com', 'C')]);
    await validateCommit(h.api, work(contacts, ids, first), contacts, options);
    // The second commit (as mapping writes its next 10,000-row slice) repeats B's email in the partner's own spelling:
    // it collides only once validation has trimmed and lower-cased it.
    const second = await insert(ids.sheetId, [person(' B@Example.COM ', 'B2'), person('d@example.com', 'D')]);
    await validateCommit(h.api, work(contacts, ids, second), contacts, options);

    const flagged = { valid: false, sources: ['unique-constraint'] };
    const clean = { valid: true, sources: [] };
    const expected = {
      A: { email: 'a@example.com', ...clean },
      B: { email: 'b@example.com', ...flagged },
      C: { email: 'c@example.com', ...clean },
      B2: { email: 'b@example.com', ...flagged },
      D: { email: 'd@example.com', ...clean },
    };
    expect(await byFirstName(ids.sheetId)).toEqual(expected);

    // Redelivery: both commits validated again, in either order, write nothing and flag nothing new.
    const again = [
      await validateCommit(h.api, work(contacts, ids, second), contacts, options),
      await validateCommit(h.api, work(contacts, ids, first), contacts, options),
      await validateCommit(h.api, work(contacts, ids, second), contacts, options),
    ];
    expect(again.map((r) => r.written)).toEqual([0, 0, 0]);
    expect(await byFirstName(ids.sheetId)).toEqual(expected);
    expect((await h.api.sheets.getRecordCounts(ids.sheetId)).data.counts).toMatchObject({ total: 5, valid: 3, error: 2 });
  });
});

describe('what validation reads: v2 JSON Lines for values, v1 messages of the invalid records (all records with a hook)', () => {
  /** fetch that keeps every URL asked for. */
  function spyingFetch() {
    const urls: URL[] = [];
    const f: typeof fetch = async (input, init) => {
      urls.push(new URL(String(input instanceof Request ? input.url : input)));
      return fetch(input, init);
    };
    return { urls, fetch: f };
  }
  const text = Feed.parse({
    name: 'texts',
    source: { inboxPrefix: 't/' },
    format: { accept: ['csv'] },
    sheet: { slug: 'texts', name: 'Texts' },
    fields: [
      { key: 'text', label: 'Text', type: 'string', transform: ['upper'] },
      { key: 'other', label: 'Other', type: 'string', default: 'EMPTY' },
      { key: 'amount', label: 'Amount', type: 'number' },
    ],
  });

  it('reads every value exactly: quotes, backslashes, newlines, unicode, numbers, null and empty cells', async () => {
    const ids = await destination(text);
    const written = ['say "hi"', 'back\\slash', 'line1\nline2\r\n\ttab', 'Zoë 😀 日本 \u2028 end', 'null'];
    const { data } = await h.api.records.insert(ids.sheetId, [
      ...written.map((t) => ({ text: { value: t }, other: { value: 'x' }, amount: { value: '42.5' } })),
      { text: { value: null as unknown as string }, other: { value: null as unknown as string } },
      {},
    ]);
    const commitId = (data as unknown as { commitId: string }).commitId;
    const { urls, fetch } = spyingFetch();
    const result = await validateCommit(h.api, work(text, ids, commitId), text, { connection: { token: TOKEN, apiUrl: h.url }, fetch });
    // Each text upper-cased (so written back), the two without `other` given its default; nothing invalid.
    expect(result).toEqual({ commitId, records: 7, invalid: 0, written: 7, completed: false });
    const after = await sheet(ids.sheetId);
    const values = after.map((r) => [r.values.text?.value ?? null, r.values.other?.value ?? null, r.values.amount?.value ?? null]);
    expect(values).toEqual([
      ...written.map((t) => [t.toUpperCase(), 'x', 42.5]),
      [null, 'EMPTY', null],
      [null, 'EMPTY', null],
    ]);
    // The values came from the v2 endpoint, the messages from v1's invalid records only.
    expect(urls.map((u) => `${u.pathname} ${u.searchParams.get('filter') ?? ''}`.trim())).toEqual([
      `/v1/sheets/${ids.sheetId}/records error`,
      '/v2-alpha/records.jsonl',
      `/v1/sheets/${ids.sheetId}/records`,
    ]);
    expect(urls[1]!.searchParams.get('commitId')).toBe(commitId);

    // Validating the commit of the write-back reads the written values back as they were written: nothing to change.
    const again = await validateCommit(h.api, work(text, ids, commitId), text, { connection: { token: TOKEN, apiUrl: h.url } });
    expect(again).toMatchObject({ records: 7, written: 0 });
  });

  it('waits for a hook that answers with a promise, record by record', async () => {
    const ids = await destination(text);
    const { data } = await h.api.records.insert(ids.sheetId, [{ text: { value: 'a' } }, { text: { value: 'b' } }]);
    const commitId = (data as unknown as { commitId: string }).commitId;
    const hooks: FeedHooks = {
      async record(r) {
        await new Promise((resolve) => setTimeout(resolve, 1));
        r.set('other', `after ${String(r.get('text'))}`);
        if (r.get('text') === 'B') r.addError('text', 'no B');
      },
    };
    const result = await validateCommit(h.api, work(text, ids, commitId), text, { connection: { token: TOKEN, apiUrl: h.url }, hooks });
    expect(result).toMatchObject({ records: 2, invalid: 1, written: 2 });
    expect((await sheet(ids.sheetId)).map((r) => r.values.other?.value)).toEqual(['after A', 'after B']);
  });

  it("keeps a hook's warning on a valid record: validating the commit again writes nothing", async () => {
    const ids = await destination(orders);
    const { data } = await h.api.records.insert(ids.sheetId, [
      { order_id: { value: 'NW-004799' }, customer: { value: 'Gasthof Zur Post' }, sku: { value: 'gp-779' }, quantity: { value: '1200' }, order_date: { value: '21.11.2026' } },
    ]);
    const commitId = (data as unknown as { commitId: string }).commitId;
    const options = { connection: { token: TOKEN, apiUrl: h.url }, hooks: ordersHooks };
    expect(await validateCommit(h.api, work(orders, ids, commitId), orders, options)).toMatchObject({ records: 1, invalid: 0, written: 1 });
    const [record] = await sheet(ids.sheetId);
    expect(record!.values.quantity).toMatchObject({ value: 1200, messages: [custom('unusually large order: 1200 units (more than 1000); check the quantity', 'warn')] });
    expect((record as { valid?: boolean }).valid).toBe(true);
    // The warning is on a valid record, which a read of the invalid records' messages alone would not see.
    expect(await validateCommit(h.api, work(orders, ids, commitId), orders, options)).toMatchObject({ records: 1, written: 0, completed: true });
  });
});
