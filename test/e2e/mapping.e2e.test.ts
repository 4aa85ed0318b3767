import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPipeline, type TestPipeline } from '../support/pipeline.js';
import { waitFor } from '../support/wait.js';

let p: TestPipeline;
beforeAll(async () => {
  p = await startTestPipeline(['ingress', 'eventsPoller', 'listener']);
});
afterAll(async () => {
  await p?.stop();
});

describe('mapping', () => {
  it('maps the contacts sample into the destination sheet unattended', async () => {
    const key = 'acme/contacts/acme-contacts-2026-11-16.csv';
    await p.drop(key, readFileSync(new URL('../../samples/contacts/acme-contacts-2026-11-16.csv', import.meta.url)));
    const run = await p.runOf(key, ['validating', 'egressing', 'needs-review', 'rejected']);
    expect(run.state).not.toBe('needs-review');
    const { data: wb } = await p.api.workbooks.get(run.workbookId!);
    const sheet = wb.sheets!.find((s) => s.slug === 'contacts')!;
    const { data } = await p.api.records.get(sheet.id, { pageSize: 100 });
    console.log(JSON.stringify(data.records.slice(0, 3).map((r) => r.values), null, 1));
    expect(data.records).toHaveLength(20);
  });
});
