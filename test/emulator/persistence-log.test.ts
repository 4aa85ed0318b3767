import { FlatfileClient } from '@flatfile/api';
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../emulator/index.js';
import { contactsSheet } from './fixtures.js';

const TOKEN = 'sk_test_persist_log';
const dirs: string[] = [];
let running: Emulator | undefined;

afterEach(async () => {
  await running?.stop();
  running = undefined;
});
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function start(dir: string): Promise<FlatfileClient> {
  running = await startEmulator({ token: TOKEN, dataDir: dir, realism: false });
  return new FlatfileClient({ token: TOKEN, apiUrl: running.url });
}

async function restart(dir: string): Promise<FlatfileClient> {
  await running?.stop();
  return start(dir);
}

async function newSheet(api: FlatfileClient): Promise<string> {
  const environmentId = running!.environmentId;
  const { data: space } = await api.spaces.create({ name: 'log', environmentId });
  const { data: wb } = await api.workbooks.create({ name: 'Contacts', spaceId: space.id, sheets: [contactsSheet] });
  return wb.sheets![0]!.id;
}

/** Lets the debounced save run. */
const saved = () => new Promise((r) => setTimeout(r, 60));

const logEntries = (path: string) =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .reduce((n, line) => n + (JSON.parse(line) as { rows: unknown[] }).rows.length, 0);

describe('--data-dir writes incrementally', () => {
  it('appends each write to the sheet log, restores updates, deletes and acks, and skips a torn last line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flatfeed-emulator-log-'));
    dirs.push(dir);
    let api = await start(dir);
    const sheetId = await newSheet(api);
    const log = join(dir, 'sheets', `${sheetId}.log`);
    const first = await api.records.insert(sheetId, [{ email: { value: 'a@x.io' } }, { email: { value: 'b@x.io' } }, { email: { value: 'c@x.io' } }]);
    await saved();
    const before = readFileSync(log);
    await api.records.insert(sheetId, [{ email: { value: 'd@x.io' } }, { email: { value: 'B@x.io' } }]);
    await saved();
    const after = readFileSync(log);
    // Append-only: the bytes already written stay as they were; only the new rows follow.
    expect(after.subarray(0, before.length).equals(before)).toBe(true);
    expect(logEntries(log)).toBe(5);

    const [a, b] = first.data.records!;
    await api.records.update(sheetId, [
      { id: a!.id, values: { firstName: { value: 'Ada', messages: [{ type: 'error', message: 'blocked' }] } }, metadata: { k: 1 } },
    ]);
    await api.records.delete(sheetId, { ids: [b!.id] });
    const { data: events } = await api.events.list({ environmentId: running!.environmentId, pageSize: 1 });
    await api.events.ack(events[0]!.id);
    const recordsBefore = (await api.records.get(sheetId)).data.records;
    const countsBefore = (await api.sheets.getRecordCounts(sheetId)).data.counts;

    // A crash in the middle of an append leaves a line without its newline.
    await running!.stop();
    running = undefined;
    appendFileSync(log, '{"size":99,"keys":["email"],"rows":[[98,1,["torn');
    api = await start(dir);
    expect((await api.records.get(sheetId)).data.records).toEqual(recordsBefore);
    expect((await api.sheets.getRecordCounts(sheetId)).data.counts).toEqual(countsBefore);
    // The unique group lost b@x.io with the delete, so B@x.io (case-insensitive) is no longer a duplicate.
    expect(recordsBefore.map((r) => [r.values.email?.value, r.valid])).toEqual([
      ['a@x.io', false],
      ['c@x.io', true],
      ['d@x.io', true],
      ['B@x.io', true],
    ]);
    expect((await api.events.get(events[0]!.id)).data.acknowledgedAt).toBeDefined();

    // The torn tail was cut off: writes after the restart land on lines of their own and survive the next one.
    await api.records.insert(sheetId, [{ email: { value: 'e@x.io' } }]);
    api = await restart(dir);
    expect((await api.records.get(sheetId)).data.records.map((r) => r.values.email?.value)).toEqual(['a@x.io', 'c@x.io', 'd@x.io', 'B@x.io', 'e@x.io']);
  });

  it('compacts a sheet log that outgrows the sheet, keeping every record', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flatfeed-emulator-log-'));
    dirs.push(dir);
    let api = await start(dir);
    const sheetId = await newSheet(api);
    const log = join(dir, 'sheets', `${sheetId}.log`);
    const n = 6_000;
    const { data } = await api.records.insert(
      sheetId,
      Array.from({ length: n }, (_, i) => ({ email: { value: `u${i}@x.io` } })),
    );
    const ids = data.records!.map((r) => r.id);
    // Each round rewrites every row: the log would hold 4n entries without compaction.
    for (const round of [1, 2, 3]) {
      await api.records.update(sheetId, ids.map((id) => ({ id, values: { age: { value: round } } })));
      await saved();
    }
    expect(logEntries(log)).toBeLessThanOrEqual(2 * n);
    const recordsBefore = (await api.records.get(sheetId)).data.records;
    api = await restart(dir);
    const recordsAfter = (await api.records.get(sheetId)).data.records;
    expect(recordsAfter).toEqual(recordsBefore);
    expect(recordsAfter.every((r) => r.values.age?.value === 3)).toBe(true);
  });
});
