import { FlatfileClient } from '@flatfile/api';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../emulator/index.js';
import { COMMIT_SLICE } from '../../emulator/writes.js';
import { contactsSheet } from './fixtures.js';

// A mapping job runs slice by slice (one commit each) and acks its progress after each, as the platform's jobs do
// (`job:updated` per ack): the listener turns that into the mapping stage's progress. A job running when the emulator
// stops goes on after the records it wrote, so none is written twice.

const TOKEN = 'sk_test_mapping_progress';
const ROWS = 2 * COMMIT_SLICE + 1;
const dirs: string[] = [];
const running: Emulator[] = [];
afterAll(async () => {
  for (const e of running) await e.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const dataDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'flatfeed-mapping-progress-'));
  dirs.push(d);
  return d;
};

/** An emulator with an extracted CSV of ROWS contacts and a mapping job created (planned, not yet executed). */
async function world(dir?: string) {
  const emulator = await startEmulator({ token: TOKEN, log: () => {}, realism: false, ...(dir ? { dataDir: dir } : {}) });
  running.push(emulator);
  const api = new FlatfileClient({ token: TOKEN, apiUrl: emulator.url });
  const environmentId = emulator.environmentId;
  const { data: space } = await api.spaces.create({ name: 'map', environmentId });
  const { data: wb } = await api.workbooks.create({ name: 'Contacts', spaceId: space.id, sheets: [contactsSheet] });
  const csv = ['email,firstName', ...Array.from({ length: ROWS }, (_, i) => `p${i}@x.io,P${i}`)].join('\n');
  const { data: file } = await api.files.upload(new File([csv], 'in.csv'), { spaceId: space.id, environmentId });
  await emulator.services.jobs.idle();
  const { data: f } = await api.files.get(file.id);
  const { data: sheets } = await api.sheets.list({ workbookId: f.workbookId! });
  const destinationSheetId = wb.sheets![0]!.id;
  const { data: job } = await api.jobs.create({
    type: 'workbook',
    operation: 'map',
    source: f.workbookId!,
    destination: wb.id,
    managed: true,
    config: { sourceSheetId: sheets[0]!.id, destinationSheetId },
  });
  await emulator.services.jobs.idle();
  return { emulator, api, environmentId, spaceId: space.id, jobId: job.id, destinationSheetId };
}

/** Resolves the first time the mapping gate is reached with `done` records written; the gate holds until `release`. */
function holdAt(emulator: Emulator, at: number) {
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  const reached = new Promise<void>((resolve) => {
    emulator.services.jobs.mappingGate = async (_job, done) => {
      if (done !== at) return;
      resolve();
      await released;
    };
  });
  return { reached, release };
}

describe('a mapping job', () => {
  it('acks the share of records written after each slice, and can be seen half-way', async () => {
    const w = await world();
    const gate = holdAt(w.emulator, COMMIT_SLICE);
    await w.api.jobs.execute(w.jobId);
    await gate.reached;
    const { data: half } = await w.api.jobs.get(w.jobId);
    expect(half).toMatchObject({ status: 'executing', info: `Mapped ${COMMIT_SLICE} of ${ROWS} records` });
    expect(Math.round((ROWS * half.progress!) / 100)).toBe(COMMIT_SLICE);
    expect((await w.api.sheets.getRecordCounts(w.destinationSheetId)).data.counts.total).toBe(COMMIT_SLICE);
    gate.release();
    await w.emulator.services.jobs.idle();

    const { data: done } = await w.api.jobs.get(w.jobId);
    expect(done.status).toBe('complete');
    const { data: events } = await w.api.events.list({ spaceId: w.spaceId, topic: 'job:updated', includeAcknowledged: true, pageSize: 1000 });
    const acks = events.filter((e) => e.context.jobId === w.jobId && e.payload.status === 'executing');
    // One ack at the start and one per slice, each further than the last.
    const progress = acks.map((e) => (e.payload as { info?: string }).info);
    expect(progress).toEqual([0, COMMIT_SLICE, 2 * COMMIT_SLICE, ROWS].map((n) => `Mapped ${n} of ${ROWS} records`));
  }, 120_000);

  it('running when the emulator stops, goes on after the records it wrote: none twice, none lost', async () => {
    const dir = dataDir();
    const w = await world(dir);
    const gate = holdAt(w.emulator, COMMIT_SLICE);
    await w.api.jobs.execute(w.jobId);
    await gate.reached;
    // What a crash half-way leaves on disk: one slice written, the job executing.
    w.emulator.save();
    const crashed = dataDir();
    cpSync(dir, crashed, { recursive: true });
    gate.release();

    const again = await startEmulator({ token: TOKEN, log: () => {}, realism: false, dataDir: crashed });
    running.push(again);
    await again.services.jobs.idle();
    const api = new FlatfileClient({ token: TOKEN, apiUrl: again.url });
    expect((await api.jobs.get(w.jobId)).data.status).toBe('complete');
    const emails: unknown[] = [];
    for (let pageNumber = 1; pageNumber <= 3; pageNumber++) {
      const { data } = await api.records.get(w.destinationSheetId, { pageSize: COMMIT_SLICE, pageNumber });
      emails.push(...data.records.map((r) => r.values.email?.value));
    }
    expect(emails).toHaveLength(ROWS);
    expect(new Set(emails).size).toBe(ROWS);
  }, 120_000);
});
