import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Run } from '../../shared/ledger/index.js';
import { startTestPipeline, type TestPipeline } from '../support/pipeline.js';

// Every sample format, unattended, through the whole embedded pipeline: drop → ingress → extraction (native CSV or
// our XLSX worker) → mapping → validation → egress. Counts and messages are those the samples were written to have.

let p: TestPipeline;
beforeAll(async () => {
  p = await startTestPipeline(['ingress', 'eventsPoller', 'listener', 'worker', 'egress']);
}, 120_000);
afterAll(async () => {
  await p?.stop();
});

const sample = (path: string) => readFileSync(new URL(`../../samples/${path}`, import.meta.url));

async function destinationRecords(run: Run) {
  const { data: wb } = await p.api.workbooks.get(run.workbookId!);
  const sheet = wb.sheets![0]!; // the destination workbook has the feed's one sheet
  return (await p.api.records.get(sheet.id, { pageSize: 10_000, includeMessages: true })).data.records;
}

const errorsOf = (r: { values: Record<string, { messages?: { type?: string; message?: string }[] }> }) =>
  Object.entries(r.values)
    .filter(([, v]) => (v.messages ?? []).some((m) => m.type === 'error'))
    .map(([k]) => k);

describe('every sample, end to end', () => {
  const cases = [
    { key: 'acme/contacts/acme-contacts-2026-11-16.csv', file: 'contacts/acme-contacts-2026-11-16.csv', rows: 20, valid: 11, invalid: 9 },
    { key: 'acme/contacts/acme-contacts-2026-11-23.xlsx', file: 'contacts/acme-contacts-2026-11-23.xlsx', rows: 6, valid: 4, invalid: 2 },
    { key: 'nordwind/orders/nordwind-orders-20261120.csv.gz', file: 'orders/nordwind-orders-20261120.csv.gz', rows: 12, valid: 6, invalid: 6 },
  ];

  it.each(cases)('$file ends done with $valid valid and $invalid invalid of $rows', async ({ key, file, rows, valid, invalid }) => {
    await p.drop(key, sample(file));
    const run = await p.runOf(key, ['done', 'mismatch', 'rejected', 'needs-review'], undefined);
    expect(run.reason ?? '').not.toMatch(/^unsupported|mismatch/);
    expect(run.state).toBe('done');
    expect(run.counts).toMatchObject({ rowsRead: rows, recordsCreated: rows, valid, invalid, egressed: valid, rejected: invalid });
  }, 120_000);

  it('the Excel rows were extracted by our worker: dates from date cells, header found below the title block', async () => {
    const run = await p.runOf('acme/contacts/acme-contacts-2026-11-23.xlsx', ['done']);
    const { data: file } = await p.api.files.get(run.fileId!);
    const { data: source } = await p.api.workbooks.get(file.workbookId!);
    expect(source.name).toBe('[file] acme__contacts__acme-contacts-2026-11-23.xlsx');
    const records = await destinationRecords(run);
    const chloe = records.find((r) => r.values.email?.value === 'chloe.martin@example.fr');
    expect(chloe?.values).toMatchObject({
      first_name: { value: 'Chloé' },
      country: { value: 'FR' },
      status: { value: 'active' },
      signup_date: { value: '2026-11-20' },
    });
    const sam = records.find((r) => r.values.email?.value === 'sam.lee@example.com')!;
    expect(errorsOf(sam)).toEqual(['country']);
  });

  it('the orders were validated against the manifest: pattern, quantity, impossible dates, duplicates, required', async () => {
    const run = await p.runOf('nordwind/orders/nordwind-orders-20261120.csv.gz', ['done']);
    const records = await destinationRecords(run);
    const byOrder = (id: string) => records.filter((r) => r.values.order_id?.value === id);
    expect(byOrder('NW-004712')[0]?.values).toMatchObject({
      sku: { value: 'BK-220' },
      order_date: { value: '2026-11-17' },
      currency: { value: 'EUR' },
      description: { value: 'Backofen-Thermometer, groß' },
    });
    expect(errorsOf(byOrder('NW-4715')[0]!)).toEqual(['order_id']);
    expect(errorsOf(byOrder('NW-004716')[0]!)).toEqual(['quantity']);
    expect(errorsOf(byOrder('NW-004717')[0]!)).toEqual(['order_date']);
    expect(byOrder('NW-004711').map(errorsOf)).toEqual([['order_id'], ['order_id']]);
    expect(errorsOf(byOrder('NW-004719')[0]!)).toEqual(['customer']);
  });
});

// Partners send files close together. Two files of one feed in flight at once must not mix: each run gets its own
// destination workbook, so its counts, validation and export are its own.
describe('two files of one feed at the same time', () => {
  it('end as two reconciled runs with their own workbooks and outputs', async () => {
    const csv = 'acme/contacts/together/acme-contacts-2026-11-16.csv';
    const xlsx = 'acme/contacts/together/acme-contacts-2026-11-23.xlsx';
    await Promise.all([p.drop(csv, sample('contacts/acme-contacts-2026-11-16.csv')), p.drop(xlsx, sample('contacts/acme-contacts-2026-11-23.xlsx'))]);
    const [a, b] = await Promise.all([
      p.runOf(csv, ['done', 'mismatch', 'rejected', 'needs-review']),
      p.runOf(xlsx, ['done', 'mismatch', 'rejected', 'needs-review']),
    ]);
    expect(a).toMatchObject({ state: 'done', counts: { rowsRead: 20, recordsCreated: 20, valid: 11, invalid: 9, egressed: 11, rejected: 9 } });
    expect(b).toMatchObject({ state: 'done', counts: { rowsRead: 6, recordsCreated: 6, valid: 4, invalid: 2, egressed: 4, rejected: 2 } });
    expect(a.spaceId).toBe(b.spaceId);
    expect(a.workbookId).not.toBe(b.workbookId);
    expect(new Set([...(a.outputs ?? []), ...(b.outputs ?? [])]).size).toBe((a.outputs?.length ?? 0) + (b.outputs?.length ?? 0));
    const { data: wb } = await p.api.workbooks.get(b.workbookId!);
    expect(wb.name).toBe('Contacts · acme__contacts__together__acme-contacts-2026-11-23.xlsx');
    expect(wb.actions?.map((x) => x.label)).toEqual(['Sync now']);
  }, 240_000);
});
