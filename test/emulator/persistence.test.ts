import { FlatfileClient } from '@flatfile/api';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../emulator/index.js';
import { contactsSheet } from './fixtures.js';

const TOKEN = 'sk_test_persist';
const dir = mkdtempSync(join(tmpdir(), 'flatfeed-emulator-'));
let running: Emulator | undefined;

afterAll(async () => {
  await running?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function bytes(stream: unknown): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream as AsyncIterable<Buffer>) chunks.push(Buffer.from(c));
  return Buffer.concat(chunks);
}

describe('--data-dir', () => {
  it('keeps state, records, events and file bytes across stop and start', async () => {
    running = await startEmulator({ token: TOKEN, dataDir: dir, realism: false });
    let api = new FlatfileClient({ token: TOKEN, apiUrl: running.url });
    const environmentId = running.environmentId;
    const { data: space } = await api.spaces.create({ name: 'durable', environmentId, metadata: { feed: 'acme' } });
    const { data: wb } = await api.workbooks.create({ name: 'Contacts', spaceId: space.id, settings: { trackChanges: true }, sheets: [contactsSheet] });
    const sheetId = wb.sheets![0]!.id;
    const { data: inserted } = await api.records.insert(sheetId, [{ email: { value: 'a@x.io' } }, { email: { value: 'A@x.io' } }]);
    await api.records.update(sheetId, [{ id: inserted.records![0]!.id, values: { firstName: { value: 'Ada', messages: [{ type: 'warn', message: 'check me' }] } } }]);
    const csv = Buffer.from('name,city\nAda,London\n');
    const { data: file } = await api.files.upload(new File([csv], 'people.csv'), { spaceId: space.id, environmentId });
    await running.services.jobs.idle();
    const recordsBefore = (await api.records.get(sheetId)).data.records;
    const eventsBefore = (await api.events.list({ environmentId, includeAcknowledged: true, pageSize: 10_000 })).data.map((e) => e.id);
    await running.stop();
    running = undefined;
    expect(readdirSync(join(dir, 'files'))).toEqual([file.id]);
    expect(readFileSync(join(dir, 'files', file.id)).equals(csv)).toBe(true);

    running = await startEmulator({ token: TOKEN, dataDir: dir, realism: false });
    api = new FlatfileClient({ token: TOKEN, apiUrl: running.url });
    expect(running.environmentId).toBe(environmentId);
    expect((await api.spaces.get(space.id)).data.metadata).toEqual({ feed: 'acme' });
    const recordsAfter = (await api.records.get(sheetId)).data.records;
    expect(recordsAfter).toEqual(recordsBefore);
    expect(recordsAfter.map((r) => r.valid)).toEqual([false, false]);
    const { data: f } = await api.files.get(file.id);
    expect(f.status).toBe('complete');
    expect((await bytes(await api.files.download(file.id))).equals(csv)).toBe(true);
    const extracted = await api.sheets.list({ workbookId: f.workbookId! });
    expect((await api.records.get(extracted.data[0]!.id)).data.records[0]!.values.city?.value).toBe('London');
    const eventsAfter = (await api.events.list({ environmentId, includeAcknowledged: true, pageSize: 10_000 })).data.map((e) => e.id);
    expect(eventsAfter).toEqual(eventsBefore);

    // New writes continue the saved sheet: ids stay unique, validation sees the old rows.
    const { data: more } = await api.records.insert(sheetId, [{ email: { value: 'a@X.io' } }]);
    expect(recordsBefore.map((r) => r.id)).not.toContain(more.records![0]!.id);
    expect(more.records![0]!.valid).toBe(false);
  });
});
