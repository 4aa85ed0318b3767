import { beforeAll, describe, expect, it } from 'vitest';
import { useEmulator } from './support/harness.js';
import { contactsSheet } from './fixtures.js';

const h = useEmulator();
let sheetId: string;

beforeAll(async () => {
  const { data: space } = await h.api.spaces.create({ name: 'read-cache', environmentId: h.environmentId });
  const { data: wb } = await h.api.workbooks.create({ name: 'Contacts', spaceId: space.id, sheets: [contactsSheet] });
  sheetId = wb.sheets![0]!.id;
});

/** Record `id` as a read returns it now. */
async function read(id: string) {
  return (await h.api.records.get(sheetId, { ids: [id], includeMessages: true })).data.records[0]!;
}

describe('reads of records already served (cached serialisations)', () => {
  it('reflect later writes to other records and to the record itself', async () => {
    // The insert's echo serialises the record once; everything below must show up on the next read.
    const a = (await h.api.records.insert(sheetId, [{ email: { value: 'a@x.io' } }])).data.records![0]!;
    expect(a.valid).toBe(true);

    const b = (await h.api.records.insert(sheetId, [{ email: { value: 'A@X.IO' } }])).data.records![0]!;
    const dup = await read(a.id);
    expect(dup.valid).toBe(false);
    expect(dup.values.email!.messages!.map((m) => m.source)).toEqual(['unique-constraint']);

    await h.api.records.delete(sheetId, { ids: [b.id] });
    const alone = await read(a.id);
    expect(alone.valid).toBe(true);
    expect(alone.values.email!.messages).toEqual([]);

    await h.api.records.update(sheetId, [{ id: a.id, values: { email: { value: 'a@x.io', messages: [{ type: 'warn', message: 'check' }] } } }]);
    const warned = await read(a.id);
    expect(warned.valid).toBe(true);
    expect(warned.values.email).toMatchObject({ valid: true, messages: [{ type: 'warn', message: 'check', source: 'custom-logic' }] });

    await h.api.records.update(sheetId, [{ id: a.id, values: { email: { messages: [] } } }]);
    expect((await read(a.id)).values.email!.messages).toEqual([]);
  });
});
