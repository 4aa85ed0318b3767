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
    expect(data.records).toHaveLength(20);
    // Aliases and enum alternative names did their work: "Email Address" → email, "UK" → GB, "customer" → active.
    const mary = data.records.find((r) => r.values.first_name?.value === 'Mary')!;
    expect(mary.values.country?.value).toBe('GB');
    expect(mary.values.signup_date?.value).toBe('2026-05-21');
  });

  it('ends needs-review, with a notice and nothing executed, when a required field cannot be mapped', async () => {
    const key = 'acme/contacts/kontakte.csv';
    await p.drop(key, 'Kontakt,First Name,Company\nx@example.com,Xaver,X AG\n');
    const run = await p.runOf(key, ['needs-review', 'validating', 'egressing', 'rejected']);
    expect(run).toMatchObject({ state: 'needs-review', missingFields: ['email'] });
    expect(run.reason).toBe('required field email could not be mapped with strong certainty or better');

    const notice = await waitFor('the needs-review notice', async () =>
      ((await p.peek('outbound')) as { status: string; sourceKey: string }[]).find((n) => n.sourceKey === key),
    );
    expect(notice).toMatchObject({ feed: 'contacts', status: 'needs-review', missingFields: ['email'], runId: run.runId });

    // The mapping job waits in planning for a person; no record of this file reached the destination sheet.
    const jobs = (await p.api.jobs.list({ spaceId: run.spaceId!, pageSize: 100 })).data;
    const map = jobs.filter((j) => j.operation === 'map' && (j.input as { flatfeed?: { runId?: string } })?.flatfeed?.runId === run.runId);
    expect(map.map((j) => j.status)).toEqual(['planning']);
    const { data: wb } = await p.api.workbooks.get(run.workbookId!);
    const sheet = wb.sheets!.find((s) => s.slug === 'contacts')!;
    const { data } = await p.api.records.get(sheet.id, { pageSize: 1000 });
    expect(data.records.some((r) => r.values.first_name?.value === 'Xaver')).toBe(false);
  });
});
