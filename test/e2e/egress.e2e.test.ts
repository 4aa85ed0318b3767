import { readFileSync } from 'node:fs';
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Run } from '../../shared/ledger/index.js';
import type { RunNotice } from '../../shared/notify/outbound.js';
import { EGRESS_OPERATION } from '../../shared/work/messages.js';
import { startTestPipeline, type TestPipeline } from '../support/pipeline.js';
import { waitFor } from '../support/wait.js';

// The whole pipeline on the contacts sample: ingress, events, mapping, validation (worker) and egress.

const KEY = 'acme/contacts/acme-contacts-2026-11-16.csv';
const COLUMNS = ['email', 'first_name', 'last_name', 'phone', 'company', 'country', 'status', 'signup_date'];

/** The sample's valid rows after mapping and validation (lower-cased emails, enum values, ISO dates). */
const VALID = [
  ['j.dupont@example.fr', 'Jean', 'Dupont', '+33 1 42 68 53 00', 'Dupont SARL', 'FR', 'lead', '2026-04-02'],
  ['mary.smith@example.co.uk', 'Mary', 'Smith', '+44 20 7946 0958', 'Smith Ltd', 'GB', 'active', '2026-05-21'],
  ['tom.baker@example.com', 'Tom', 'Baker', '(555) 010-4477', 'Baker, Baker & Co', 'US', 'active', '2026-06-30'],
  ['lena.mueller@example.de', 'Lena', 'Müller', '+49 89 7654321', 'Müller AG', 'DE', 'inactive', '2026-01-09'],
  ['li.wang@example.com', 'Li', 'Wang', '+1 415 555 0199', 'Wang Inc', 'US', 'active', '2026-09-03'],
  ['max.fischer@example.de', 'Max', 'Fischer', '+49 221 998877', 'Fischer Logistik', 'DE', 'inactive', '2026-02-28'],
  ['claire.petit@example.fr', 'Claire', 'Petit', '+33 5 56 00 11 22', 'Petit & Fils', 'FR', 'active', '2026-06-06'],
  ['noah.taylor@example.com', 'Noah', 'Taylor', '+1 312 555 0110', 'Taylor Group', 'US', 'lead', '2026-11-01'],
  ['george.evans@example.co.uk', 'George', 'Evans', '+44 161 496 0000', 'Evans & Co', 'GB', 'inactive', '2026-03-30'],
  ['marie.lefevre@example.fr', 'Marie', 'Lefèvre', '+33 3 20 00 00 00', 'Lefèvre SAS', 'FR', 'lead', null],
  ['paul.richter@example.de', 'Paul', 'Richter', '+49 351 4455667', 'Richter OHG', 'DE', 'active', '2026-05-05'],
];

/**
 * The invalid rows as the partner gets them back: values (phone numbers neutralised against formula injection) and
 * the field each reason names. The reasons' wording belongs to validation; here only that they name the right field.
 */
const REJECTED: [string[], string[]][] = [
  [['anna.schmidt@example.de', 'Anna', 'Schmidt', "'+49 30 1234567", 'Schmidt & Söhne GmbH', 'DE', 'active', '2026-03-14'], ['email']],
  [['not-an-email', 'Pierre', 'Martin', "'+33 4 91 00 00 00", 'Martin SA', 'FR', 'lead', '2026-02-11'], ['email']],
  [['', 'Oskar', 'Weber', "'+49 40 555123", 'Weber KG', 'DE', 'active', '2026-07-01'], ['email']],
  [['sofia.rossi@example.it', 'Sofia', 'Rossi', "'+39 06 1234 5678", 'Rossi Srl', 'Italy', 'lead', '2026-08-15'], ['country']],
  [['anna.schmidt@example.de', 'Anna', 'Schmidt', "'+49 30 1234567", 'Schmidt & Söhne GmbH', 'DE', 'active', '2026-03-14'], ['email']],
  [['olivia.brown@example.co.uk', 'Olivia', 'Brown', 'call me', 'Brown Partners', 'GB', 'lead', '2026-10-10'], ['phone']],
  [['emma.jones@example.com', 'Emma', 'Jones', "'+1 212 555 0147", 'Jones LLC', 'US', 'active', '13/45/2026'], ['signup_date']],
  [['hanna.wolf@example.de', '', 'Wolf', "'+49 711 123456", 'Wolf GmbH', 'DE', 'active', '2026-04-18'], ['first_name']],
  [['james.wilson@example.com', 'James', 'Wilson', "'+1 646 555 0123", 'Wilson Holdings', 'US', 'vip', '2026-07-22'], ['status']],
];

let p: TestPipeline;
let run: Run;
let dest: { spaceId: string; workbookId: string; sheetId: string };
beforeAll(async () => {
  p = await startTestPipeline(['ingress', 'eventsPoller', 'listener', 'worker', 'egress']);
  await p.drop(KEY, readFileSync(new URL('../../samples/contacts/acme-contacts-2026-11-16.csv', import.meta.url)));
  run = await p.runOf(KEY, ['done', 'mismatch', 'needs-review', 'rejected']);
  // The run's own destination workbook, in the feed's Space.
  dest = { spaceId: run.spaceId!, workbookId: run.workbookId!, sheetId: run.sheetId! };
}, 120_000);
afterAll(async () => {
  await p?.stop();
});

const outbox = () => p.local.names.buckets.outbox;
const rejects = () => p.local.names.buckets.rejects;
const day = () => run.createdAt.slice(0, 10).replaceAll('-', '/');

async function text(bucket: string, key: string): Promise<string> {
  const r = await p.local.clients.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return r.Body!.transformToString('utf8');
}
async function listed(bucket: string): Promise<{ key: string; etag: string }[]> {
  const r = await p.local.clients.s3.send(new ListObjectsV2Command({ Bucket: bucket }));
  return (r.Contents ?? []).map((o) => ({ key: o.Key!, etag: o.ETag! })).sort((a, b) => a.key.localeCompare(b.key));
}
const jsonl = (s: string) => s.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
const csv = (s: string) => parse(s, { columns: true }) as Record<string, string>[];
const values = (r: Record<string, unknown>) => COLUMNS.map((c) => r[c]);

/** A "Sync now" (or a re-run of a run) as the workbook action creates it; resolves with the finished job. */
async function egressJob(input: Record<string, unknown>) {
  const { data: job } = await p.api.jobs.create({
    type: 'workbook',
    operation: EGRESS_OPERATION,
    source: dest.workbookId,
    trigger: 'immediate',
    mode: 'background',
    input,
  });
  return waitFor(`egress job ${job.id} to finish`, async () => {
    const { data } = await p.api.jobs.get(job.id);
    return data.status === 'complete' || data.status === 'failed' ? data : undefined;
  });
}

describe('egress of the contacts sample', () => {
  it('closes the run reconciled: rows read = records created = valid + invalid = egressed + rejected', () => {
    expect(run.state).toBe('done');
    expect(run.counts).toEqual({ rowsRead: 20, recordsCreated: 20, valid: 11, invalid: 9, egressed: 11, rejected: 9 });
    expect(run.outputs).toEqual([
      `s3://${outbox()}/contacts/${day()}/${run.runId}.jsonl`,
      `s3://${outbox()}/contacts/${day()}/${run.runId}.csv`,
      `s3://${rejects()}/contacts/${day()}/${run.runId}.rejects.csv`,
    ]);
    // 9 of 20 invalid is above the feed's 0.2: said, not hidden.
    expect(run.reason).toMatch(/invalid ratio 0\.450 is above the feed's maximum 0\.2/);
  });

  it('writes the valid records to the outbox as JSONL and CSV, field by field', async () => {
    const records = jsonl(await text(outbox(), `contacts/${day()}/${run.runId}.jsonl`));
    expect(records.map(values)).toEqual(VALID);
    expect(new Set(records.map((r) => r._id)).size).toBe(VALID.length);
    for (const r of records) expect(Object.keys(r)).toEqual(['_id', ...COLUMNS]);

    const rows = csv(await text(outbox(), `contacts/${day()}/${run.runId}.csv`));
    // The outbox CSV neutralises formulas by default (egress.csvFormulaEscape): "+33 1 …" is a formula to Excel.
    expect(rows.map(values)).toEqual(VALID.map((v) => v.map((c) => (c == null ? '' : /^[=+\-@]/.test(c) ? `'${c}` : c))));
    expect(rows.map((r) => r._id)).toEqual(records.map((r) => r._id));
  });

  it('returns the invalid records to the partner with their reasons, formulas neutralised', async () => {
    const rows = csv(await text(rejects(), `contacts/${day()}/${run.runId}.rejects.csv`));
    expect(rows.map(values)).toEqual(REJECTED.map(([v]) => v));
    rows.forEach((row, i) => {
      const fields = REJECTED[i]![1];
      const named = COLUMNS.filter((c) => row.reasons!.startsWith(`${c}: `) || row.reasons!.includes(`; ${c}: `));
      expect(named, row.reasons).toEqual(fields);
    });
  });

  it('stamps the workbook and the Space without clobbering their other metadata', async () => {
    const { data: wb } = await p.api.workbooks.get(dest.workbookId);
    const meta = wb.metadata as { flatfeed: { feed: string; sync: Record<string, unknown> } };
    expect(meta.flatfeed.feed).toBe('contacts');
    expect(meta.flatfeed.sync).toMatchObject({
      runId: run.runId,
      jobId: run.egressJobId,
      mode: 'incremental',
      state: 'done',
      counts: run.counts,
      objects: run.outputs,
      lastSyncedCommitId: expect.stringMatching(/^us_vr_/),
      lastSyncedAt: expect.any(String),
    });
    const { data: space } = await p.api.spaces.get(dest.spaceId);
    const spaceMeta = space.metadata as { flatfeed: { feed: string; lastSync: Record<string, unknown> } };
    expect(spaceMeta.flatfeed.feed).toBe('contacts');
    expect(spaceMeta.flatfeed.lastSync).toMatchObject({ runId: run.runId, workbookId: dest.workbookId, objects: run.outputs });
  });

  it('completes the job with an outcome naming the objects', async () => {
    const { data: job } = await p.api.jobs.get(run.egressJobId!);
    expect(job.status).toBe('complete');
    for (const o of run.outputs!) expect(job.outcome?.message).toContain(o);
  });

  it('sends the outbound notice with feed, run, source, status, counts and objects', async () => {
    const notices = (await p.peek('outbound')) as RunNotice[];
    const mine = notices.filter((n) => n.runId === run.runId);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({
      type: 'flatfeed.run',
      feed: 'contacts',
      sourceKey: KEY,
      status: 'done',
      counts: run.counts,
      objects: run.outputs,
      notes: [expect.stringMatching(/invalid ratio/)],
      export: { mode: 'incremental', valid: 11, invalid: 9, egressed: 11, rejected: 9, held: 0 },
    });
  });

  it('a second egress of the same run overwrites the same keys', async () => {
    const before = { outbox: await listed(outbox()), rejects: await listed(rejects()) };
    const jsonlBefore = await text(outbox(), `contacts/${day()}/${run.runId}.jsonl`);
    const job = await egressJob({ flatfeed: { feed: 'contacts', runId: run.runId } });
    expect(job.status).toBe('complete');
    expect(await listed(outbox())).toEqual(before.outbox);
    expect(await listed(rejects())).toEqual(before.rejects);
    expect(await text(outbox(), `contacts/${day()}/${run.runId}.jsonl`)).toBe(jsonlBefore);
    const again = (await p.ledger.getRun(run.runId))!;
    expect(again.state).toBe('done');
    expect(again.counts).toEqual(run.counts);
  });

  it('an incremental "Sync now" after a person edits two records exports exactly those two', async () => {
    const { data } = await p.api.records.get(dest.sheetId, { pageSize: 100 });
    const byEmail = (e: string) => data.records.find((r) => r.values.email?.value === e)!;
    const jean = byEmail('j.dupont@example.fr');
    const olivia = byEmail('olivia.brown@example.co.uk');
    // As in the UI: a correction to a valid record, and a fix that makes an invalid one valid.
    await p.api.records.update(dest.sheetId, [
      { id: jean.id, values: { first_name: { value: 'Jeanne' } } },
      { id: olivia.id, values: { phone: { value: '+44 20 7946 0000' } } },
    ]);

    const job = await egressJob({ mode: 'incremental' });
    expect(job.status).toBe('complete');
    const jobDay = new Date(job.createdAt).toISOString().slice(0, 10).replaceAll('-', '/');
    const records = jsonl(await text(outbox(), `contacts/${jobDay}/${job.id}.jsonl`));
    expect(records.map((r) => [r._id, r.first_name, r.phone])).toEqual([
      [jean.id, 'Jeanne', '+33 1 42 68 53 00'],
      [olivia.id, 'Olivia', '+44 20 7946 0000'],
    ]);
    expect(csv(await text(rejects(), `contacts/${jobDay}/${job.id}.rejects.csv`))).toEqual([]);
    const { data: wb } = await p.api.workbooks.get(dest.workbookId);
    expect((wb.metadata as { flatfeed: { sync: Record<string, unknown> } }).flatfeed.sync).toMatchObject({
      runId: job.id,
      mode: 'incremental',
      export: { valid: 2, invalid: 0, egressed: 2, rejected: 0, held: 0 },
    });
    // "Sync now" has no run to close: the ledger's run is untouched.
    expect((await p.ledger.getRun(run.runId))!.counts).toEqual(run.counts);
  });
});
