import { describe, expect, it } from 'vitest';
import { waitUntilSettled } from '../../shared/egress/settle.js';
import { useEmulator } from './support/harness.js';
import { waitFor } from '../support/wait.js';

// Platform realism, on by default; every response still passes the client's own schemas (the harness's proxy).
// Short windows here so the tests wait seconds, not the platform's five minutes.
const h = useEmulator({ realism: { jobAckTimeoutMs: 1_000, countsLagMs: 2_000 } });

async function space(name: string) {
  return (await h.api.spaces.create({ name, environmentId: h.environmentId })).data;
}

async function sheet() {
  const sp = await space('realism');
  const { data: wb } = await h.api.workbooks.create({
    name: 'w',
    spaceId: sp.id,
    environmentId: h.environmentId,
    sheets: [{ name: 'S', slug: 's', fields: [{ key: 'a', type: 'string', label: 'A' }] }],
  });
  return { spaceId: sp.id, sheetId: wb.sheets![0]!.id };
}

/** Inserts, then completes the write's commits as a record hook would. */
async function write(sheetId: string, values: string[]) {
  await h.api.records.insert(sheetId, values.map((v) => ({ a: { value: v } })));
  for (const c of (await h.api.sheets.getSheetCommits(sheetId, { completed: false })).data) await h.api.commits.complete(c.id);
}

const eventsOf = async (spaceId: string) =>
  (await h.api.events.list({ environmentId: h.environmentId, spaceId, includeAcknowledged: true, pageSize: 1000 })).data;

describe('emulator platform realism', () => {
  it('starts with history: another application\'s Space and a deleted Space that answers 404', async () => {
    const { data: events } = await h.api.events.list({ environmentId: h.environmentId, includeAcknowledged: true, pageSize: 1000 });
    const old = events.filter((e) => new Date(e.createdAt).getTime() < Date.now() - 3_600_000);
    expect(old.map((e) => e.topic)).toEqual(expect.arrayContaining(['space:created', 'job:completed', 'space:deleted']));
    const deleted = old.find((e) => e.topic === 'space:deleted')!.context.spaceId!;
    await expect(h.api.spaces.get(deleted)).rejects.toMatchObject({ statusCode: 404 });
    const foreign = old.find((e) => e.topic === 'job:completed')!.context.spaceId!;
    expect((await h.api.spaces.get(foreign)).data.metadata).toEqual({ app: 'not-flatfeed' });
  });

  it('fails a job of ours that is not acknowledged within the window, and keeps one that is', async () => {
    const sp = await space('acks');
    const create = async () => (await h.api.jobs.create({ type: 'space', operation: 'flatfeed-test', source: sp.id, trigger: 'immediate' })).data;
    const silent = await create();
    const kept = await create();
    const beat = setInterval(() => void h.api.jobs.ack(kept.id, { info: 'working' }).catch(() => undefined), 250);
    try {
      const failed = await waitFor('the silent job to be failed', async () => {
        const { data } = await h.api.jobs.get(silent.id);
        return data.status === 'failed' ? data : undefined;
      });
      expect(failed.outcome).toMatchObject({ message: expect.stringMatching(/not acknowledged for 1 s/) });
      expect((await eventsOf(sp.id)).filter((e) => e.topic === 'job:failed').map((e) => e.context.jobId)).toEqual([silent.id]);
      await new Promise((r) => setTimeout(r, 1_500));
      expect((await h.api.jobs.get(kept.id)).data.status).toBe('executing');
    } finally {
      clearInterval(beat);
    }
    await h.api.jobs.complete(kept.id, {});
  });

  it('serves counts as they were until 2 s after the last write, then announces sheet:counts-updated', async () => {
    const { spaceId, sheetId } = await sheet();
    await write(sheetId, ['1', '2']);
    // Right after the write the cached counts still say empty.
    expect((await h.api.sheets.getRecordCounts(sheetId)).data.counts.total).toBe(0);
    const settled = await waitUntilSettled(h.api, sheetId, { expectedTotal: 2, intervalMs: 100, timeoutMs: 30_000 });
    expect(settled).toMatchObject({ settled: true, counts: { total: 2, valid: 2, error: 0 } });
    expect((await eventsOf(spaceId)).map((e) => e.topic)).toContain('sheet:counts-updated');
  });

  it('reports counts that never reach the expected total, with both figures, once the wait is over', async () => {
    const { sheetId } = await sheet();
    await write(sheetId, ['1']);
    const settled = await waitUntilSettled(h.api, sheetId, { expectedTotal: 5, intervalMs: 100, timeoutMs: 3_000 });
    expect(settled.settled).toBe(false);
    expect(settled.note).toMatch(/the platform counts 1 \(valid 1 \+ invalid 0\), the run created 5/);
  });

  it('fails native extraction of a CSV with an unclosed quote, with the parser\'s line and reason', async () => {
    const sp = await space('bad-csv');
    const { data: file } = await h.api.files.upload(new File(['a,b\n1,2\n3,"never closed\n4,5\n'], 'bad.csv'), { spaceId: sp.id, environmentId: h.environmentId });
    const failed = await waitFor('the extraction job to fail', async () => {
      const jobs = (await h.api.jobs.list({ fileId: file.id })).data;
      return jobs.find((j) => j.status === 'failed');
    });
    expect(failed.operation).toBe('extract');
    expect(failed.outcome?.message).toMatch(/quote/i);
    expect(failed.outcome?.message).toMatch(/line \d/);
    expect((await eventsOf(sp.id)).map((e) => e.topic)).toContain('job:failed');
  });
});
