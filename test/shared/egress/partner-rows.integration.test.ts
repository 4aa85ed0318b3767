import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../../emulator/index.js';
import { partnerRows, SOURCE_PAGE_SIZE } from '../../../shared/egress/partner-rows.js';

// The partner's own rows of rejected records, read back from the `[file]` sheet at each destination record's index,
// against the emulator: a file long enough that rejects fall on both sides of a source page boundary.

const TOKEN = 'partner-rows';
const COUNT = 2 * SOURCE_PAGE_SIZE + 500;
let emulator: Emulator;
let source: string;
let destination: string;
let ids: string[];

async function call(method: string, path: string, body: unknown): Promise<any> {
  const res = await fetch(`${emulator.url}/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return ((await res.json()) as { data: any }).data;
}

beforeAll(async () => {
  emulator = await startEmulator({ token: TOKEN, port: 0 });
  const space = await call('POST', '/spaces', { name: 'partner-rows' });
  // The file's sheet: the partner's columns, as extraction keys and labels them; `Notiz` is mapped by no field.
  const file = await call('POST', '/workbooks', {
    name: '[file] bestellung.csv',
    spaceId: space.id,
    labels: ['file'],
    sheets: [{ name: 'bestellung', slug: 'bestellung', fields: ['Kennung', 'Notiz', 'Betrag'].map((key) => ({ key, label: key, type: 'string' })) }],
  });
  const dest = await call('POST', '/workbooks', { name: 'Orders', spaceId: space.id, sheets: [{ name: 'Orders', slug: 'orders', fields: [{ key: 'id', type: 'string' }, { key: 'amount', type: 'number' }] }] });
  source = file.sheets[0].id;
  destination = dest.sheets[0].id;
  ids = [];
  for (let at = 0; at < COUNT; at += 1_000) {
    const n = Math.min(1_000, COUNT - at);
    const idx = (k: number) => at + k;
    await call('POST', `/sheets/${source}/records`, Array.from({ length: n }, (_, k) => ({ Kennung: { value: `K-${idx(k)}` }, Notiz: { value: `Notiz ${idx(k)}` }, Betrag: { value: `${idx(k)},50` } })));
    const inserted = await call('POST', `/sheets/${destination}/records`, Array.from({ length: n }, (_, k) => ({ id: { value: `K-${idx(k)}` }, amount: { value: idx(k) } })));
    ids.push(...inserted.records.map((r: { id: string }) => r.id));
  }
}, 120_000);
afterAll(async () => {
  await emulator?.stop();
});

describe('partnerRows', () => {
  it("reads each reject's own row from the file's sheet at its index, every column in order, across page boundaries", async () => {
    const columns = [
      { key: 'Kennung', header: 'Kennung' },
      { key: 'Notiz', header: 'Notiz' },
      { key: 'Betrag', header: 'Betrag' },
    ];
    const rowsOf = partnerRows({ token: TOKEN, apiUrl: emulator.url }, destination, { sheetId: source, columns }, { header: 1, skipped: [3] });
    const at = [SOURCE_PAGE_SIZE, 0, COUNT - 1, SOURCE_PAGE_SIZE - 1, 2, SOURCE_PAGE_SIZE + 1];
    const rows = await rowsOf(at.map((i) => ids[i]!));
    for (const i of at) {
      // Header on row 1, a blank row on row 3: record 0 is on row 2, record 1 on row 4, record i > 0 on row i + 3.
      expect(rows.get(ids[i]!), `record ${i}`).toEqual({ row: i === 0 ? 2 : i + 3, cells: [`K-${i}`, `Notiz ${i}`, `${i},50`] });
    }
    expect(rows.size).toBe(at.length);
  }, 120_000);

  it('leaves the row number out when the file has none, and the cells of a column the record lacks empty', async () => {
    const rowsOf = partnerRows({ token: TOKEN, apiUrl: emulator.url }, destination, { sheetId: source, columns: [{ key: 'Betrag', header: 'Betrag' }, { key: 'Fehlt', header: 'Fehlt' }] }, undefined);
    expect(await rowsOf([ids[7]!])).toEqual(new Map([[ids[7]!, { cells: ['7,50', null] }]]));
  }, 120_000);
});
