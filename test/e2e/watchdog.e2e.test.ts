import { readFileSync } from 'node:fs';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handler as ingressHandler } from '../../functions/ingress/handler.js';
import { handler as workerHandler } from '../../functions/worker/handler.js';
import { stageDeadlines } from '../../infra/topology.js';
import { decodeS3EventKey } from '../../shared/aws/s3-event-key.js';
import { droppedObjects } from '../../shared/ingress/s3-records.js';
import { Ledger, type Run } from '../../shared/ledger/index.js';
import { feedForKey } from '../../shared/manifest/index.js';
import type { RunNotice } from '../../shared/notify/outbound.js';
import { doOnce, runStep, type Stage } from '../../shared/run/index.js';
import { createTelemetry } from '../../shared/telemetry/index.js';
import { patrolRuns, type WatchdogDeps } from '../../shared/watchdog/index.js';
import type { SqsHandler } from '../../local/sqs-trigger.js';
import { noticeReader } from '../support/notices.js';
import { startTestPipeline, type TestPipeline } from '../support/pipeline.js';
import { waitFor } from '../support/wait.js';
import { expectReconciled } from '../support/reconciled.js';

// The watchdog against the local stack: real ingress, listener, worker and egress, with two stand-ins for a holder
// that died — an ingress that takes the run's upload step and vanishes (its message gone, as after the DLQ), and a
// worker that loses one extraction message. The watchdog's clock is moved past the derived deadlines instead of
// waiting them out; the scheduled watchdog with the real deadlines runs beside it all along.

const CONTACTS = readFileSync(new URL('../../samples/contacts/acme-contacts-2026-11-16.csv', import.meta.url));
const XLSX = readFileSync(new URL('../../samples/contacts/acme-contacts-2026-11-23.xlsx', import.meta.url));
const ENDED = ['done', 'rejected', 'needs-review', 'mismatch', 'unrouted', 'expanded', 'failed', 'stalled'] as Run['state'][];

let p: TestPipeline;
let deps: WatchdogDeps;
let deadlines: Record<Stage, number>;
/** Deliveries the stand-in ingress swallowed, per key. */
const swallowed = new Map<string, number>();
let lostWork = 0;

/** Ingress whose holder dies for keys under `/holder-dies/` (once) and `/always-dies/` (every time). */
const dyingIngress: SqsHandler = async (event, context) => {
  const passOn: SQSEvent['Records'] = [];
  for (const record of event.Records) {
    const [obj] = droppedObjects(JSON.parse(record.body));
    const key = obj ? decodeS3EventKey(obj.key) : '';
    const dies = key.includes('/always-dies/') || (key.includes('/holder-dies/') && !swallowed.has(key));
    if (!obj || !dies) {
      passOn.push(record);
      continue;
    }
    swallowed.set(key, (swallowed.get(key) ?? 0) + 1);
    const runId = Ledger.runIdOf({ bucket: obj.bucket, key, etag: obj.etag });
    await p.ledger.createRun({ runId, feed: feedForKey(p.manifest, key)!.name, bucket: obj.bucket, key, etag: obj.etag, state: 'received', ...(obj.sequencer ? { dropId: obj.sequencer } : {}) });
    // It took the upload step and never came back: the lease runs out, nobody finishes it.
    void doOnce(p.ledger, runStep(runId, 'upload'), () => new Promise<never>(() => {}), { leaseSeconds: 0 });
  }
  if (passOn.length === 0) return { batchItemFailures: [] };
  return ingressHandler({ Records: passOn }, context);
};

/** The worker loses the first extraction message of runs under `/lost-work/`. */
const losingWorker: SqsHandler = async (event, context) => {
  const body = JSON.parse(event.Records[0]!.body) as { kind: string; runId?: string };
  if (body.kind === 'extract' && body.runId && lostWork === 0) {
    const run = await p.ledger.getRun(body.runId);
    if (run?.key.includes('/lost-work/')) {
      lostWork++;
      return { batchItemFailures: [] };
    }
  }
  return workerHandler(event, context);
};

const notices = noticeReader();
/** Every notice of the run read so far, a drop of its file again included. */
const noticesOf = async (runId: string): Promise<RunNotice[]> => (await notices.all(p)).filter((n) => n.runId === runId);

/** The watchdog's clock this far ahead of the real one. */
const ahead = (seconds: number) => () => new Date(Date.now() + seconds * 1000);

async function redriveSteps(runId: string): Promise<unknown[]> {
  const r = await p.ledger.db.send(
    new QueryCommand({
      TableName: p.ledger.table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :s)',
      ExpressionAttributeValues: { ':pk': `RUN#${runId}`, ':s': 'STEP#redrive:' },
    }),
  );
  return r.Items ?? [];
}


beforeAll(async () => {
  p = await startTestPipeline(['ingress', 'eventsPoller', 'listener', 'worker', 'egress', 'watchdog'], {
    handlers: { ingress: dyingIngress, worker: losingWorker },
  });
  deadlines = stageDeadlines(p.topology.queues, p.topology.functions);
  deps = {
    ledger: p.ledger,
    sqs: p.local.clients.sqs,
    api: p.api,
    environmentId: p.flatfile.environmentId,
    queues: { ingress: p.local.queueUrls.ingress, events: p.local.queueUrls.events },
    outboundQueueUrl: p.local.queueUrls.outbound,
    telemetry: createTelemetry('watchdog-test'),
  };
}, 60_000);
afterAll(async () => {
  await p?.stop();
});

describe('the watchdog', () => {
  it('takes its deadlines from the topology: the stage queue\'s visibility timeout plus its consumer\'s timeout', () => {
    const env = p.topology.functions.find((f) => f.id === 'watchdog')!.env.STAGE_DEADLINES as { value: string };
    expect(JSON.parse(env.value)).toEqual(deadlines);
    const ingressQueue = p.topology.queues.find((q) => q.id === 'ingress')!;
    const ingress = p.topology.functions.find((f) => f.id === 'ingress')!;
    expect(deadlines.received).toBe(ingressQueue.visibilityTimeoutSeconds + ingress.timeoutSeconds);
    expect(p.rendering.schedules.map((s) => s.target)).toContain('watchdog');
  });

  it('leaves a healthy run alone: it finishes done with one notice and no re-drive', async () => {
    const key = 'acme/contacts/watchdog/healthy.csv';
    await p.drop(key, CONTACTS);
    const early = await p.runOf(key, ['received', 'uploaded', 'extracting', 'mapping', 'validating', 'egressing', ...ENDED]);
    // A pass on the real clock while the run is on its way, besides the scheduled one.
    const report = await patrolRuns(deps, { deadlines });
    expect(report.redriven.concat(report.stalled as never[]).map((r) => r.runId)).not.toContain(early.runId);
    const run = await p.runOf(key, ENDED);
    expect(run.state).toBe('done');
    expectReconciled(run.counts);
    expect(await redriveSteps(run.runId)).toEqual([]);
    expect((await waitFor('the notice', async () => ((await noticesOf(run.runId)).length ? noticesOf(run.runId) : undefined))).map((n) => n.status)).toEqual(['done']);
  }, 120_000);

  it('re-drives a run whose upload holder died; ingress takes the step over and the run finishes done', async () => {
    const key = 'acme/contacts/watchdog/holder-dies/contacts.csv';
    await p.drop(key, CONTACTS);
    const stuck = await p.runOf(key, ['received']);
    await waitFor('the holder to die', async () => (swallowed.get(key) ? true : undefined));
    const report = await patrolRuns(deps, { deadlines, now: ahead(deadlines.received + 5) });
    expect(report.redriven).toContainEqual({ runId: stuck.runId, stage: 'received', redrive: { via: 'ingress', key } });
    const run = await p.runOf(key, ENDED);
    expect(run.state).toBe('done');
    expectReconciled(run.counts);
    expect(swallowed.get(key)).toBe(1);
    expect((await noticesOf(run.runId)).map((n) => n.status)).toEqual(['done']);
  }, 120_000);

  it('re-drives a run whose extraction message was lost by re-sending its events; it finishes done', async () => {
    const key = 'acme/contacts/watchdog/lost-work/contacts.xlsx';
    await p.drop(key, XLSX);
    const stuck = await p.runOf(key, ['extracting']);
    await waitFor('the extraction message to be lost', async () => (lostWork === 1 ? true : undefined));
    const report = await patrolRuns(deps, { deadlines, now: ahead(deadlines.extracting + 5) });
    const mine = report.redriven.find((r) => r.runId === stuck.runId);
    expect(mine).toMatchObject({ stage: 'extracting', redrive: { via: 'events' } });
    expect(mine!.redrive.via === 'events' && mine!.redrive.events).toBeGreaterThan(0);
    const run = await p.runOf(key, ENDED);
    expect(run.state).toBe('done');
    expectReconciled(run.counts);
    expect((await noticesOf(run.runId)).map((n) => n.status)).toEqual(['done']);
  }, 180_000);

  it('ends a run that stays stuck after its re-drive stalled, with a reason to act on and one notice', async () => {
    const key = 'acme/contacts/watchdog/always-dies/contacts.csv';
    await p.drop(key, CONTACTS);
    const stuck = await p.runOf(key, ['received']);
    await waitFor('the holder to die', async () => (swallowed.get(key) ? true : undefined));

    const first = await patrolRuns(deps, { deadlines, now: ahead(deadlines.received + 5) });
    expect(first.redriven.map((r) => r.runId)).toContain(stuck.runId);
    expect(first.stalled).toEqual([]);
    await waitFor('the re-driven notification to reach ingress', async () => ((swallowed.get(key) ?? 0) >= 2 ? true : undefined));
    // Still inside the deadline after the re-drive: nothing more happens.
    const waiting = await patrolRuns(deps, { deadlines, now: ahead(deadlines.received + 10) });
    expect(waiting.redriven.concat(waiting.stalled as never[])).toEqual([]);

    const second = await patrolRuns(deps, { deadlines, now: ahead(2 * deadlines.received + 10) });
    expect(second.redriven).toEqual([]);
    expect(second.stalled.map((s) => s.runId)).toEqual([stuck.runId]);
    const run = (await p.ledger.getRun(stuck.runId))!;
    expect(run.state).toBe('stalled');
    expect(run.activeStage).toBeUndefined();
    expect(run.reason).toMatch(/^stalled: no progress in received since .* re-drove it at .*dead-letter queues \(ingress: flatfeed redrive <queue>\).*flatfeed replay run_\w+$/);

    const third = await patrolRuns(deps, { deadlines, now: ahead(3 * deadlines.received) });
    expect(third.stalled).toEqual([]);
    const notices = await waitFor('the stalled notice', async () => ((await noticesOf(run.runId)).length ? noticesOf(run.runId) : undefined));
    expect(notices).toMatchObject([{ status: 'stalled', reason: run.reason }]);
    expect(await noticesOf(run.runId)).toHaveLength(1);
  }, 120_000);
});
