import { request, type IncomingMessage } from 'node:http';
import { FlatfileClient } from '@flatfile/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../emulator/index.js';

// v2 pages are written into buffers the emulator reuses once their response has left (emulator/store/record-json.ts;
// the read cache's chunks work alike, test/emulator/store-memory.test.ts): a response still being sent must keep its
// bytes while later requests write theirs. No proxy in between: the held response is paused on the emulator's own
// socket, so its bytes wait in the emulator.
const TOKEN = 'sk_test_buffers';
const PAGE = 2_500;
/** 4 KiB a record: a page (~10 MiB) is more than the loopback socket's buffers take, so the server still holds it. */
const WIDE = 4_096;
let emulator: Emulator;
let sheetId: string;

beforeAll(async () => {
  emulator = await startEmulator({ token: TOKEN, realism: false });
  const api = new FlatfileClient({ token: TOKEN, apiUrl: emulator.url });
  const { data: space } = await api.spaces.create({ name: 'buffers', environmentId: emulator.environmentId });
  const { data: wb } = await api.workbooks.create({
    name: 'Wide',
    spaceId: space.id,
    sheets: [{ name: 'Wide', slug: 'wide', fields: [{ key: 'text', type: 'string', label: 'Text' }] }],
  });
  sheetId = wb.sheets![0]!.id;
  for (let at = 0; at < 3 * PAGE; at += 500) {
    const records = Array.from({ length: 500 }, (_, i) => ({ text: { value: `${at + i}:`.padEnd(WIDE, String.fromCharCode(97 + ((at + i) % 26))) } }));
    await api.records.insert(sheetId, records);
  }
}, 120_000);

afterAll(async () => {
  await emulator?.stop();
});

function get(path: string): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = request(`${emulator.url}${path}`, { headers: { authorization: `Bearer ${TOKEN}` } }, resolve);
    req.on('error', reject);
    req.end();
  });
}

async function text(res: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of res) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const v2Page = (n: number) => `/v2-alpha/records.jsonl?sheetId=${sheetId}&pageSize=${PAGE}&pageNumber=${n}`;
const firstValues = (body: string) => body.split('\n').filter(Boolean).map((line) => (JSON.parse(line) as { text: string }).text.split(':')[0]);

describe('response buffers reused across requests', () => {
  it('a v2 page held by a slow reader keeps its bytes while later pages are written', async () => {
    const held = await get(v2Page(1));
    held.pause();
    // Later pages, read whole, while the first is still on its way: each takes a buffer of the pool.
    for (const n of [2, 3, 2, 3]) expect(firstValues(await text(await get(v2Page(n))))[0]).toBe(String((n - 1) * PAGE));
    const body = await text(held);
    expect(firstValues(body)).toEqual(Array.from({ length: PAGE }, (_, i) => String(i)));
    expect(body).toBe(await text(await get(v2Page(1))));
  }, 120_000);

  it('a small page written into a buffer a large one used holds its own bytes only: quotes, newlines, unicode, null', async () => {
    // The 10 MiB buffers of the pages above are the spares now.
    await text(await get(v2Page(1)));
    const api = new FlatfileClient({ token: TOKEN, apiUrl: emulator.url });
    const { data: space } = await api.spaces.create({ name: 'tricky', environmentId: emulator.environmentId });
    const { data: wb } = await api.workbooks.create({
      name: 'Tricky',
      spaceId: space.id,
      sheets: [{ name: 'Tricky', slug: 'tricky', fields: [{ key: 'a', type: 'string', label: 'A' }, { key: 'n', type: 'number', label: 'N' }] }],
    });
    const tricky = wb.sheets![0]!.id;
    const values = ['say "hi"\\ back', 'two\nlines\r\n', 'Zoë 🎉 \u2028 Köln', ''];
    const { data } = await api.records.insert(tricky, values.map((a, i) => ({ a: { value: a }, ...(i === 3 ? {} : { n: { value: i / 4 } }) })));
    const ids = data.records!.map((r) => r.id);
    const body = await text(await get(`/v2-alpha/records.jsonl?sheetId=${tricky}&pageSize=10&includeEmptyCells=true&noContext=true`));
    expect(body.endsWith('}\n')).toBe(true);
    expect(body.split('\n').filter(Boolean).map((line) => JSON.parse(line))).toEqual([
      { __k: ids[0], __n: 'tricky', a: values[0], n: 0 },
      { __k: ids[1], __n: 'tricky', a: values[1], n: 0.25 },
      { __k: ids[2], __n: 'tricky', a: values[2], n: 0.5 },
      // A cell without a value is written as null with includeEmptyCells; an empty string stays a string.
      { __k: ids[3], __n: 'tricky', a: '', n: null },
    ]);
  }, 120_000);
});
