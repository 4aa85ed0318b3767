import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTopology } from '../../../infra/topology.js';
import { startLocalAws, type LocalAws } from '../../../local/aws.js';
import { createDocumentClient } from '../../../shared/aws/clients.js';
import { processOnce } from '../../../shared/events/once-per-event.js';
import { Ledger } from '../../../shared/ledger/index.js';
import { loadManifest } from '../../../shared/manifest/index.js';

describe('processOnce', () => {
  let local: LocalAws;
  let ledger: Ledger;
  let clock = Date.UTC(2025, 0, 1);

  beforeAll(async () => {
    local = await startLocalAws({ topology: buildTopology(await loadManifest()) });
    ledger = new Ledger(createDocumentClient(local.clients.dynamodb), local.names.tables.ledger, () => new Date(clock));
  });
  afterAll(async () => {
    await local?.stop();
  });

  it('runs an event once; a later duplicate is skipped as done', async () => {
    let runs = 0;
    expect(await processOnce(ledger, 'us_evt_a', async () => ++runs)).toEqual({ ran: true, value: 1 });
    expect(await processOnce(ledger, 'us_evt_a', async () => ++runs)).toEqual({ ran: false, reason: 'done' });
    expect(runs).toBe(1);
  });

  it('a failure releases the claim and is rethrown, so the retry runs', async () => {
    const boom = new Error('boom');
    await expect(processOnce(ledger, 'us_evt_b', async () => Promise.reject(boom))).rejects.toBe(boom);
    expect(await processOnce(ledger, 'us_evt_b', async () => 'second')).toEqual({ ran: true, value: 'second' });
  });

  it('a concurrent duplicate is skipped while the first holds the lease; a dead holder is taken over after it', async () => {
    let release!: () => void;
    const first = processOnce(ledger, 'us_evt_c', () => new Promise<string>((r) => (release = () => r('first'))), { leaseSeconds: 60 });
    await until(() => release !== undefined);
    expect(await processOnce(ledger, 'us_evt_c', async () => 'dup')).toEqual({ ran: false, reason: 'in-progress' });
    release();
    expect(await first).toEqual({ ran: true, value: 'first' });

    // A holder that died (never completes, never releases): after its lease the redelivery takes over.
    let started = false;
    void processOnce(ledger, 'us_evt_d', () => ((started = true), new Promise<never>(() => undefined)), { leaseSeconds: 60 });
    await until(() => started);
    expect(await processOnce(ledger, 'us_evt_d', async () => 'x')).toEqual({ ran: false, reason: 'in-progress' });
    clock += 61_000;
    expect(await processOnce(ledger, 'us_evt_d', async () => 'took over')).toEqual({ ran: true, value: 'took over' });
  });
});

async function until(check: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((r) => setTimeout(r, 10));
}
