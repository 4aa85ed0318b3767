import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { resyncFeed } from '../../shared/egress/resync.js';
import type { Run } from '../../shared/ledger/index.js';
import { loadManifest } from '../../shared/manifest/index.js';
import { EGRESS_OPERATION } from '../../shared/work/messages.js';
import { startTestPipeline, type TestPipeline } from '../support/pipeline.js';
import { waitFor } from '../support/wait.js';

// Egress on a schedule (`egress.resync`): the contacts feed re-syncs its workbooks through cron-feed's `resync-contacts`
// schedule, a rate the local runtime plays as EventBridge would (every minute; every second in tests). After a run is done, a person's edits are exported by the next re-sync — exactly the edited
// records, as an incremental export — and while nothing changes, re-syncs start nothing.

const KEY = 'acme/contacts/acme-contacts-2026-11-16.csv';
let p: TestPipeline;
let run: Run;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'flatfeed-resync-e2e-'));
  const doc = parseDocument(readFileSync('feeds/feeds.yaml', 'utf8'));
  doc.setIn(['feeds', 0, 'egress', 'resync'], { every: '1 minute' });
  const manifestPath = join(dir, 'feeds.yaml');
  symlinkSync(resolve('feeds/hooks'), join(dir, 'hooks')); // the example's hook modules, relative to the manifest
  writeFileSync(manifestPath, doc.toString());
  p = await startTestPipeline(['ingress', 'eventsPoller', 'listener', 'worker', 'egress', 'cronFeed'], {
    manifest: await loadManifest(manifestPath),
    manifestPath,
  });
  expect(p.topology.schedules.find((s) => s.id === 'resync-contacts')).toMatchObject({ expression: 'rate(1 minute)', target: 'cronFeed', input: { action: 'resync', feed: 'contacts' } });
  await p.drop(KEY, readFileSync(new URL('../../samples/contacts/acme-contacts-2026-11-16.csv', import.meta.url)));
  run = await p.runOf(KEY, ['done', 'mismatch', 'needs-review', 'rejected']);
}, 120_000);
afterAll(async () => {
  await p?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const resyncJobs = async () =>
  (await p.api.jobs.list({ source: run.workbookId!, pageSize: 100 })).data.filter(
    (j) => j.operation === EGRESS_OPERATION && (j.input as { flatfeed?: { resync?: boolean } } | undefined)?.flatfeed?.resync === true,
  );

/** The records of a re-sync job's outbox object, as [id, first name, phone]. */
async function exported(job: { id: string; createdAt: Date | string }): Promise<unknown[][]> {
  const day = new Date(job.createdAt).toISOString().slice(0, 10).replaceAll('-', '/');
  const body = await p.local.clients.s3.send(new GetObjectCommand({ Bucket: p.local.names.buckets.outbox, Key: `contacts/${day}/${job.id}.jsonl` }));
  const records = (await body.Body!.transformToString()).split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
  return records.map((r) => [r._id, r.first_name, r.phone]);
}

const finished = (ids: string[]) =>
  waitFor('a re-sync egress job to finish', async () => (await resyncJobs()).find((j) => !ids.includes(j.id) && (j.status === 'complete' || j.status === 'failed')), 90_000);

const syncStamp = async () => ((await p.api.workbooks.get(run.workbookId!)).data.metadata as { flatfeed: { sync: Record<string, unknown> } }).flatfeed.sync;

describe('scheduled egress re-sync', () => {
  it("exports a person's edits with the next scheduled re-sync, exactly the edited records, once", async () => {
    expect(run.state).toBe('done');
    const { data } = await p.api.records.get(run.sheetId!, { pageSize: 100 });
    const byEmail = (e: string) => data.records.find((r) => r.values.email?.value === e)!;
    const jean = byEmail('j.dupont@example.fr');
    const olivia = byEmail('olivia.brown@example.co.uk');
    await p.api.records.update(run.sheetId!, [
      { id: jean.id, values: { first_name: { value: 'Jeanne' } } },
      { id: olivia.id, values: { phone: { value: '+44 20 7946 0000' } } },
    ]);

    // Only the schedule re-syncs here: the local runtime plays `resync-contacts` as EventBridge would.
    const job = await finished([]);
    expect(job.status).toBe('complete');
    expect(job.input).toMatchObject({ mode: 'incremental' });
    expect(await exported(job)).toEqual([
      [jean.id, 'Jeanne', '+33 1 42 68 53 00'],
      [olivia.id, 'Olivia', '+44 20 7946 0000'],
    ]);
    expect(await syncStamp()).toMatchObject({ runId: job.id, mode: 'incremental' });
    // The run itself is untouched: a re-sync has no run to close.
    expect((await p.ledger.getRun(run.runId))!.counts).toEqual(run.counts);

    // Nothing changed since that export: a re-sync (the schedule's, or this one) starts no job.
    const again = await resyncFeed({ api: p.api, ledger: p.ledger }, p.manifest.feeds[0]!);
    expect(again).toEqual({ started: [], workbooks: 1, abandoned: [] });
    expect((await resyncJobs()).map((j) => j.id)).toEqual([job.id]);

    // Another edit, and three re-syncs at once beside the schedule's own: one job between them, with that record only.
    await p.api.records.update(run.sheetId!, [{ id: olivia.id, values: { first_name: { value: 'Liv' } } }]);
    await waitFor('the edit to be validated', async () => (await p.api.sheets.getSheetCommits(run.sheetId!, { completed: false })).data.length === 0 || undefined);
    const overlapping = await Promise.all([1, 2, 3].map(() => resyncFeed({ api: p.api, ledger: p.ledger }, p.manifest.feeds[0]!)));
    expect(overlapping.flatMap((o) => o.started).length).toBeLessThanOrEqual(1);
    const second = await finished([job.id]);
    expect(second.status).toBe('complete');
    expect(await exported(second)).toEqual([[olivia.id, 'Liv', '+44 20 7946 0000']]);
    expect(await syncStamp()).toMatchObject({ runId: second.id });
    expect((await resyncJobs()).map((j) => j.id).sort()).toEqual([job.id, second.id].sort());
  });
});
