import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../emulator/index.js';
import type { FileRecord } from '../../emulator/types.js';
import { uploadFile } from '../../shared/flatfile/upload.js';
import type { Run } from '../../shared/ledger/index.js';
import { stepState } from '../../shared/run/step.js';
import { startTestPipeline, type TestPipeline } from '../support/pipeline.js';
import { waitFor } from '../support/wait.js';

// `file:created` comes "when a file upload begins" (Guides events.mdx; emulator realism fileCreatedAtUploadStart).
// Every upload here is held in flight after its first bytes until the test lets it go, so the listener meets
// file:created while the body is still arriving: it must not start an extraction of a file that is not all there.

const XLSX = readFileSync(new URL('../../samples/contacts/acme-contacts-2026-11-23.xlsx', import.meta.url));
/** samples/expected.json for this workbook: 6 rows, 4 valid. */
const COUNTS = { rowsRead: 6, recordsCreated: 6, valid: 4, invalid: 2, egressed: 4, rejected: 2 };
const ENDED = ['done', 'rejected', 'needs-review', 'mismatch', 'unrouted', 'expanded', 'failed', 'stalled'] as Run['state'][];
const TOKEN = 'sk_test_in_flight';

describe('uploads still in flight when file:created arrives', () => {
  let emulator: Emulator;
  let p: TestPipeline;
  /** Uploads held so far, each with the function that lets it finish. */
  const held = new Map<string, { file: FileRecord; release: () => void }>();

  beforeAll(async () => {
    emulator = await startEmulator({
      token: TOKEN,
      log: () => {},
      holdUpload: (file) => new Promise<void>((release) => held.set(file.name, { file, release })),
    });
    p = await startTestPipeline(['ingress', 'eventsPoller', 'listener', 'worker', 'egress'], {
      flatfile: { apiUrl: emulator.url, token: TOKEN, environmentId: emulator.environmentId },
    });
  }, 60_000);
  afterAll(async () => {
    for (const h of held.values()) h.release();
    await p?.stop();
    await emulator?.stop();
  });

  const eventsOf = async (spaceId: string) =>
    (await p.api.events.list({ environmentId: emulator.environmentId, spaceId, includeAcknowledged: true, pageSize: 1000 })).data;
  const jobsOf = async (fileId: string) => (await p.api.jobs.list({ fileId })).data;

  /** Ingress names an upload after the whole key (upload-form.ts): found by its end. */
  const heldOf = (name: string) => [...held.values()].find((h) => h.file.name.endsWith(name));

  /** The held upload of `name`, once the listener has handled its file:created (the event is done in the ledger). */
  async function heldAndSeen(name: string): Promise<FileRecord> {
    const { file } = await waitFor(`the upload of ${name} to be held in flight`, async () => heldOf(name));
    const created = await waitFor(`file:created of ${name}`, async () =>
      (await eventsOf(file.spaceId)).find((e) => e.topic === 'file:created' && e.context.fileId === file.id),
    );
    await waitFor(`the listener to have handled file:created of ${name}`, async () =>
      (await stepState(p.ledger, { pk: `EVENT#${created.id}`, sk: 'ONCE' }))?.state === 'done' ? true : undefined,
    );
    return file;
  }

  it('a dropped workbook is extracted once its upload is complete, by its run, whole', async () => {
    const key = 'acme/contacts/in-flight/contacts.xlsx';
    await p.drop(key, XLSX);
    const file = await heldAndSeen('contacts.xlsx');
    expect(await jobsOf(file.id), 'no extraction of a file whose upload is not complete').toEqual([]);

    heldOf('contacts.xlsx')!.release();
    const run = await p.runOf(key, ENDED);
    expect(run).toMatchObject({ state: 'done', fileId: file.id });
    expect(run.counts).toEqual(COUNTS);
    const extractions = (await jobsOf(file.id)).filter((j) => j.operation.startsWith('extract'));
    expect(extractions.map((j) => j.status)).toEqual(['complete']);
    expect(await p.ledger.runIdFor('job', extractions[0]!.id)).toBe(run.runId);
  });

  it("a person's upload into the feed's Space is read only once it is complete", async () => {
    const spaceId = await waitFor('the contacts Space', async () => (await p.ledger.getRun((await p.ledger.listRuns('contacts'))[0]?.runId ?? ''))?.spaceId);
    const upload = uploadFile(
      { token: TOKEN, apiUrl: emulator.url },
      { spaceId, environmentId: emulator.environmentId, name: 'by-hand.xlsx' },
      Readable.from([XLSX.subarray(0, 1024), XLSX.subarray(1024)]),
    );
    const file = await heldAndSeen('by-hand.xlsx');
    // util-extractor's way: the job is made on file:created; the file is read when the job runs.
    const job = await waitFor('the extraction job of the file to be running or over', async () =>
      (await jobsOf(file.id)).find((j) => j.status === 'failed' || j.status === 'complete' || /upload/i.test(j.info ?? '')),
    );
    heldOf('by-hand.xlsx')!.release();
    await upload;
    const over = await waitFor('the extraction to end', async () => {
      const { data } = await p.api.jobs.get(job.id);
      return data.status === 'complete' || data.status === 'failed' ? data : undefined;
    });
    expect(over.status, `${over.info ?? ''} ${JSON.stringify(over.outcome ?? {})}`).toBe('complete');
    const { data: done } = await p.api.files.get(file.id);
    const sheetId = (await p.api.workbooks.get(done.workbookId!)).data.sheets![0]!.id;
    expect((await p.api.records.get(sheetId, { pageSize: 100 })).data.records).toHaveLength(COUNTS.rowsRead);
  });
});
