import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPipeline, type TestPipeline } from '../support/pipeline.js';

// Partners send files close together. Two files of one feed in flight at once must not mix: each run gets its own
// destination workbook, so its counts, validation and export are its own.

let p: TestPipeline;
beforeAll(async () => {
  p = await startTestPipeline(['ingress', 'eventsPoller', 'listener', 'worker', 'egress']);
}, 120_000);
afterAll(async () => {
  await p?.stop();
});

const sample = (path: string) => readFileSync(new URL(`../../samples/${path}`, import.meta.url));

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
  }, 120_000);
});
