import { beforeAll, describe, expect, it } from 'vitest';
import type { Feed } from '../../../shared/manifest/index.js';
import {
  checkRecord,
  compileFeed,
  type FeedHooks,
  type RecordUpdate,
  type SheetRecord,
} from '../../../shared/validate/index.js';
import { sampleFeeds, sampleRecords } from './sample-rows.js';

let contacts: Feed;
let orders: Feed;
let ordersHooks: FeedHooks;
beforeAll(async () => {
  ({ contacts, orders, ordersHooks } = await sampleFeeds());
});

/** What validateCommit does with a commit, in process: check each record (uniqueness is the platform's constraint). */
async function validateAll(feed: Feed, records: SheetRecord[], hooks: FeedHooks = {}): Promise<(RecordUpdate | undefined)[]> {
  const v = compileFeed(feed);
  const out: (RecordUpdate | undefined)[] = [];
  for (const r of records) out.push((await checkRecord(r, v, hooks, { feed: feed.name, commitId: 'us_vr_test' })).update);
  return out;
}

/** The sheet after a write-back: values replaced, custom-logic messages replaced per written cell. */
function apply(records: SheetRecord[], updates: (RecordUpdate | undefined)[]): SheetRecord[] {
  return records.map((r, i) => {
    const u = updates[i];
    if (!u) return r;
    const values = { ...r.values };
    const messages = { ...r.messages };
    for (const [k, cell] of Object.entries(u.values)) {
      if ('value' in cell) values[k] = cell.value;
      messages[k] = cell.messages;
    }
    return { id: r.id, values, messages };
  });
}

const messagesOf = (updates: (RecordUpdate | undefined)[], records: SheetRecord[]) =>
  Object.fromEntries(
    updates.flatMap((u, i) => {
      const msgs = Object.entries(u?.values ?? {}).flatMap(([k, c]) => c.messages.map((m) => `${k} ${m.type}: ${m.message}`));
      return msgs.length > 0 ? [[records[i]!.id, msgs]] : [];
    }),
  );

describe('contacts sample', () => {
  it('flags exactly the broken rows, with actionable messages', async () => {
    const records = sampleRecords(contacts);
    expect(messagesOf(await validateAll(contacts, records), records)).toEqual({
      line7: ['email error: expected an email address like name@example.com, got "not-an-email"'],
      line8: ['email error: Email is required, but the cell is empty'],
      line9: ['country error: "Italy" is not a country; expected DE (Germany), FR (France), GB (United Kingdom) or US (United States)'],
      line12: ['phone error: expected a phone number such as +49 30 1234567, got "call me"'],
      line14: ['signup_date error: expected a date like 2026-11-17 (YYYY-MM-DD) or 11/17/2026 (MM/DD/YYYY), got "13/45/2026"'],
      line17: ['first_name error: First name is required, but the cell is empty'],
      line20: ['status error: "vip" is not a status; expected lead, active or inactive'],
    });
  });

  it('transforms values: lower-case email, canonical enum values, ISO dates', async () => {
    const records = sampleRecords(contacts);
    const updates = await validateAll(contacts, records);
    const byId = (id: string) => updates[records.findIndex((r) => r.id === id)];
    expect(byId('line4')).toEqual({
      id: 'line4',
      values: {
        email: { value: 'mary.smith@example.co.uk', messages: [] },
        country: { value: 'GB', messages: [] },
        status: { value: 'active', messages: [] },
      },
    });
    expect(byId('line5')?.values).toEqual({
      country: { value: 'US', messages: [] },
      signup_date: { value: '2026-06-30', messages: [] },
    });
    expect(byId('line13')?.values).toEqual({ country: { value: 'DE', messages: [] }, status: { value: 'inactive', messages: [] } });
    expect(byId('line15')?.values).toEqual({ country: { value: 'FR', messages: [] }, status: { value: 'active', messages: [] } });
    // Already canonical and valid: nothing to write.
    expect(byId('line21')).toEqual({ id: 'line21', values: { country: { value: 'DE', messages: [] } } });
    expect(byId('line3')).toEqual({ id: 'line3', values: { country: { value: 'FR', messages: [] } } });
  });

  it('is idempotent: validating the written result again changes nothing', async () => {
    const records = sampleRecords(contacts);
    const once = apply(records, await validateAll(contacts, records));
    expect((await validateAll(contacts, once)).filter(Boolean)).toEqual([]);
  });
});

describe('orders sample (with the orders hook)', () => {
  it('flags exactly the broken rows', async () => {
    const records = sampleRecords(orders);
    expect(messagesOf(await validateAll(orders, records, ordersHooks), records)).toEqual({
      line6: ['order_id error: expected an order number like NW-004711, got "NW-4715"'],
      line7: ['quantity error: expected at least 1, got 0'],
      line8: ['order_date error: expected a date like 17.11.2026 (DD.MM.YYYY), got "31.02.2026"'],
      line10: ['customer error: Customer is required, but the cell is empty'],
    });
  });

  it('upper-cases SKUs, parses numbers, maps currency names and writes ISO dates', async () => {
    const records = sampleRecords(orders);
    const [first] = await validateAll(orders, records, ordersHooks);
    expect(first).toEqual({
      id: 'line2',
      values: {
        sku: { value: 'KF-100', messages: [] },
        quantity: { value: 2, messages: [] },
        unit_price: { value: 49.9, messages: [] },
        currency: { value: 'EUR', messages: [] },
        order_date: { value: '2026-11-17', messages: [] },
      },
    });
  });

  it('the hook warns about quantities above 1000 without making the row invalid', async () => {
    const [record] = sampleRecords(orders);
    record!.values.quantity = '1200';
    const [update] = await validateAll(orders, [record!], ordersHooks);
    expect(update?.values.quantity).toEqual({
      value: 1200,
      messages: [{ type: 'warn', source: 'custom-logic', message: 'unusually large order: 1200 units (more than 1000); check the quantity' }],
    });
  });

  it('is idempotent with the hook', async () => {
    const records = sampleRecords(orders);
    records[3]!.values.quantity = '5000';
    const once = apply(records, await validateAll(orders, records, ordersHooks));
    expect((await validateAll(orders, once, ordersHooks)).filter(Boolean)).toEqual([]);
  });
});

describe('write-back diff', () => {
  it('keeps other sources, replaces our old messages and clears them once the record is valid', async () => {
    const record: SheetRecord = {
      id: 'r1',
      values: { email: 'a@x.io', first_name: 'A', country: 'DE', status: 'lead' },
      messages: {
        email: [
          { type: 'error', source: 'custom-logic', message: 'expected an email address like name@example.com, got "a@x"' },
          { type: 'error', source: 'unique-constraint', message: 'Value is not unique' },
        ],
      },
    };
    const [update] = await validateAll(contacts, [record]);
    expect(update).toEqual({ id: 'r1', values: { email: { messages: [] } } });
  });
});
