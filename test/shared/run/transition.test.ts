import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTopology } from '../../../infra/topology.js';
import { startLocalAws, type LocalAws } from '../../../local/aws.js';
import { createDocumentClient } from '../../../shared/aws/clients.js';
import { Ledger } from '../../../shared/ledger/index.js';
import { loadManifest } from '../../../shared/manifest/index.js';
import { moveRun, recordError, reportProgress } from '../../../shared/run/transition.js';

let local: LocalAws;
let ledger: Ledger;
let clock = Date.UTC(2026, 0, 1, 6);
const tick = () => (clock += 1000);
beforeAll(async () => {
  local = await startLocalAws({ topology: buildTopology(await loadManifest()) });
  ledger = new Ledger(createDocumentClient(local.clients.dynamodb), local.names.tables.ledger, () => new Date(clock));
});
afterAll(async () => {
  await local?.stop();
});

const newRun = (runId: string) => ledger.createRun({ runId, feed: 'contacts', bucket: 'b', key: `k/${runId}.csv`, etag: 'e', state: 'received' });

describe('moveRun', () => {
  it('moves forward along the table, keeping each stage start and end', async () => {
    await newRun('t1');
    tick();
    expect(await moveRun(ledger, 't1', 'uploaded', { fileId: 'us_fl_1' })).toMatchObject({ moved: true, from: 'received' });
    tick();
    await moveRun(ledger, 't1', 'mapping');
    const run = (await ledger.getRun('t1'))!;
    expect(run).toMatchObject({ state: 'mapping', fileId: 'us_fl_1', activeStage: 'mapping' });
    expect(run.stages).toEqual({
      received: { startedAt: '2026-01-01T06:00:00.000Z', endedAt: '2026-01-01T06:00:01.000Z' },
      uploaded: { startedAt: '2026-01-01T06:00:01.000Z', endedAt: '2026-01-01T06:00:02.000Z' },
      mapping: { startedAt: '2026-01-01T06:00:02.000Z' },
    });
  });

  it('refuses a move the table does not list: a late message never moves a run backwards', async () => {
    await newRun('t2');
    for (const s of ['uploaded', 'mapping', 'validating', 'egressing', 'done'] as const) await moveRun(ledger, 't2', s);
    for (const back of ['extracting', 'validating', 'egressing', 'uploaded'] as const) {
      expect(await moveRun(ledger, 't2', back)).toMatchObject({ moved: false, state: 'done' });
    }
    const run = (await ledger.getRun('t2'))!;
    expect(run.state).toBe('done');
    expect(run.activeStage).toBeUndefined();
    // A repeat of the same move is no move either (its effects, e.g. a notice, are not repeated).
    expect(await moveRun(ledger, 't2', 'done')).toMatchObject({ moved: false, state: 'done' });
  });

  it('of concurrent deliveries making the same move, exactly one makes it', async () => {
    await newRun('t3');
    await moveRun(ledger, 't3', 'uploaded');
    const results = await Promise.all(Array.from({ length: 6 }, () => moveRun(ledger, 't3', 'mapping')));
    expect(results.filter((r) => r.moved)).toHaveLength(1);
    // Racing different ends: only one terminal state wins, and it stays.
    const ends = await Promise.all([moveRun(ledger, 't3', 'failed'), moveRun(ledger, 't3', 'needs-review'), moveRun(ledger, 't3', 'rejected')]);
    expect(ends.filter((r) => r.moved)).toHaveLength(1);
  });

  it('progress and errors are recorded; progress only while the run is in that stage', async () => {
    await newRun('t4');
    await moveRun(ledger, 't4', 'uploaded');
    await moveRun(ledger, 't4', 'extracting');
    tick();
    await reportProgress(ledger, 't4', 'extracting', 500, 1000);
    await recordError(ledger, 't4', 'extracting', 'http-503', 'Service Unavailable');
    let run = (await ledger.getRun('t4'))!;
    expect(run.progress).toEqual({ stage: 'extracting', done: 500, total: 1000, at: new Date(clock).toISOString() });
    expect(run.progressAt).toBe(new Date(clock).toISOString());
    expect(run.lastError).toMatchObject({ stage: 'extracting', code: 'http-503', message: 'Service Unavailable' });
    // A report made earlier but landing later (throttled reports are not awaited) does not move the figure back.
    clock -= 500;
    await reportProgress(ledger, 't4', 'extracting', 400, 1000);
    clock += 500;
    expect((await ledger.getRun('t4'))!.progress?.done).toBe(500);
    await moveRun(ledger, 't4', 'mapping');
    await reportProgress(ledger, 't4', 'extracting', 900, 1000); // late: the run moved on
    run = (await ledger.getRun('t4'))!;
    expect(run.progress?.done).toBe(500);
    // A stage counting in another unit says so (records, the default, is not written).
    await reportProgress(ledger, 't4', 'mapping', 3, 4, 'commits');
    expect((await ledger.getRun('t4'))!.progress).toMatchObject({ stage: 'mapping', done: 3, total: 4, unit: 'commits' });
    await reportProgress(ledger, 't4', 'mapping', 5, 9, 'records');
    expect((await ledger.getRun('t4'))!.progress).not.toHaveProperty('unit');
  });

  it('the stage index finds runs that stopped moving, and only those', async () => {
    clock = Date.UTC(2026, 0, 2, 6);
    await newRun('idle1');
    await moveRun(ledger, 'idle1', 'uploaded');
    clock += 3_600_000;
    await newRun('busy1');
    await moveRun(ledger, 'busy1', 'uploaded');
    const idle = await ledger.runsIdleIn('uploaded', new Date(clock - 1_800_000).toISOString());
    expect(idle.map((r) => r.runId)).toContain('idle1');
    expect(idle.map((r) => r.runId)).not.toContain('busy1');
  });
});
