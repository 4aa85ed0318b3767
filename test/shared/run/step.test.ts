import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTopology } from '../../../infra/topology.js';
import { startLocalAws, type LocalAws } from '../../../local/aws.js';
import { createDocumentClient } from '../../../shared/aws/clients.js';
import { Ledger } from '../../../shared/ledger/index.js';
import { loadManifest } from '../../../shared/manifest/index.js';
import { doOnce, runStep, stepState } from '../../../shared/run/step.js';

// The one "do this step once" primitive, against dynalite (the project's local DynamoDB).

let local: LocalAws;
let ledger: Ledger;
let clock = Date.UTC(2026, 0, 1);
beforeAll(async () => {
  local = await startLocalAws({ topology: buildTopology(await loadManifest()) });
  ledger = new Ledger(createDocumentClient(local.clients.dynamodb), local.names.tables.ledger, () => new Date(clock));
});
afterAll(async () => {
  await local?.stop();
});

const LEASE = { leaseSeconds: 60 };

describe('doOnce', () => {
  it('runs a step once and hands its stored result to every later caller', async () => {
    let runs = 0;
    expect(await doOnce(ledger, runStep('r1', 'egress-job'), async () => `job_${++runs}`, LEASE)).toEqual({ ran: true, value: 'job_1' });
    expect(await doOnce(ledger, runStep('r1', 'egress-job'), async () => `job_${++runs}`, LEASE)).toEqual({ ran: false, state: 'done', value: 'job_1' });
    expect(runs).toBe(1);
    expect(await stepState(ledger, runStep('r1', 'egress-job'))).toMatchObject({ state: 'done', value: 'job_1' });
  });

  it('a failing step releases its lease at once and rethrows: the retry runs it', async () => {
    const boom = Object.assign(new Error('500 on POST /jobs'), { statusCode: 500 });
    await expect(doOnce(ledger, runStep('r2', 'egress-job'), () => Promise.reject(boom), LEASE)).rejects.toBe(boom);
    expect(await stepState(ledger, runStep('r2', 'egress-job'))).toBeUndefined();
    expect(await doOnce(ledger, runStep('r2', 'egress-job'), async () => 'second', LEASE)).toEqual({ ran: true, value: 'second' });
  });

  it('of concurrent callers exactly one runs; the others see it held', async () => {
    let running = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const calls = Array.from({ length: 8 }, () =>
      doOnce(ledger, runStep('r3', 'map-job'), async () => {
        running++;
        await gate;
        return 'the one';
      }, LEASE),
    );
    await until(async () => (await stepState(ledger, runStep('r3', 'map-job')))?.state === 'held' && running === 1);
    release();
    const outcomes = await Promise.all(calls);
    expect(outcomes.filter((o) => o.ran)).toEqual([{ ran: true, value: 'the one' }]);
    // A caller whose write landed after the winner finished sees it done, with the winner's result.
    for (const o of outcomes.filter((x) => !x.ran)) expect([{ ran: false, state: 'held' }, { ran: false, state: 'done', value: 'the one' }]).toContainEqual(o);
    expect(running).toBe(1);
  });

  it("a dead holder's lease expires and the next caller takes the step over; the dead one cannot complete it later", async () => {
    let finishDead!: (v: string) => void;
    const dead = doOnce(ledger, runStep('r4', 'upload'), () => new Promise<string>((r) => (finishDead = r)), LEASE);
    await until(async () => (await stepState(ledger, runStep('r4', 'upload')))?.state === 'held');
    expect(await doOnce(ledger, runStep('r4', 'upload'), async () => 'too early', LEASE)).toEqual({ ran: false, state: 'held' });
    clock += 61_000;
    expect(await doOnce(ledger, runStep('r4', 'upload'), async () => 'took over', LEASE)).toEqual({ ran: true, value: 'took over' });
    // The first holder wakes up: its completion must not overwrite the new holder's result.
    finishDead('zombie');
    await dead;
    expect(await stepState(ledger, runStep('r4', 'upload'))).toMatchObject({ state: 'done', value: 'took over' });
  });
});

async function until(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 2000 && !(await check()); i++) await new Promise((r) => setTimeout(r, 10));
}
