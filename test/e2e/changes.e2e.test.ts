import { readFileSync } from 'node:fs';
import { DeleteMessageCommand, ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Run } from '../../shared/ledger/index.js';
import { deliverChanges, readCursor, type ChangeEvent } from '../../shared/subscribe/index.js';
import { createTelemetry } from '../../shared/telemetry/index.js';
import { startTestPipeline, type TestPipeline } from '../support/pipeline.js';
import { waitFor } from '../support/wait.js';

// Change subscriptions end to end: the contacts sample runs to `done`; then a person fixes, adds and deletes records
// in the run's workbook (the emulator, through the SDK as the UI's API calls would), and the changes FIFO queue
// receives exactly those changes — watched fields only, in order per record, once each, also when the triggers repeat.

const KEY = 'acme/contacts/acme-contacts-2026-11-16.csv';
let p: TestPipeline;
let run: Run;
/** Every change event received so far, in the order the FIFO queue gave them. */
const received: { event: ChangeEvent; group: string; dedup: string }[] = [];

beforeAll(async () => {
  p = await startTestPipeline(['ingress', 'eventsPoller', 'listener', 'worker', 'egress']);
  await p.drop(KEY, readFileSync(new URL('../../samples/contacts/acme-contacts-2026-11-16.csv', import.meta.url)));
  run = await p.runOf(KEY, ['done', 'mismatch', 'needs-review', 'rejected']);
}, 120_000);
afterAll(async () => {
  await p?.stop();
});

/** Receives (and deletes) what the changes queue holds, appending it to `received`. */
async function drain(): Promise<void> {
  const url = p.local.queueUrls.changes!;
  for (;;) {
    const r = await p.local.clients.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 0, MessageSystemAttributeNames: ['All'] }),
    );
    if (!r.Messages?.length) return;
    for (const m of r.Messages) {
      received.push({
        event: JSON.parse(m.Body!) as ChangeEvent,
        group: m.Attributes!.MessageGroupId!,
        dedup: m.Attributes!.MessageDeduplicationId!,
      });
      await p.local.clients.sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: m.ReceiptHandle! }));
    }
  }
}

/** Waits until `n` events in all have arrived. */
async function untilReceived(n: number): Promise<ChangeEvent[]> {
  await waitFor(`${n} change events (have ${received.length})`, async () => {
    await drain();
    return received.length >= n ? true : undefined;
  });
  return received.map((r) => r.event);
}

async function recordOf(email: string) {
  const { data } = await p.api.records.get(run.sheetId!, { pageSize: 100 });
  const r = data.records.find((x) => x.values.email?.value === email);
  if (!r) throw new Error(`no record ${email}`);
  return r;
}

/**
 * A change to a watched field of another record, made after the changes under test: once its event is in and `n`
 * events in all, everything before it has been delivered (generations are delivered one after the other).
 */
async function sentinel(n: number, value: string): Promise<ChangeEvent> {
  const paul = await recordOf('paul.richter@example.de');
  await p.api.records.update(run.sheetId!, [{ id: paul.id, values: { phone: { value } } }]);
  await untilReceived(n);
  return waitFor('the sentinel change', async () => {
    await drain();
    return received.map((r) => r.event).find((e) => e.recordId === paul.id && e.changes.phone?.to === value);
  });
}

describe('change subscription of a done run', () => {
  it('opens when the run is exported: a baseline snapshot of the run sheet', async () => {
    expect(run.state).toBe('done');
    const cursor = await readCursor(p.ledger, run.sheetId!);
    // Commits of the run completing after the baseline may have moved it on, without any change to send.
    expect(cursor).toMatchObject({ feed: 'contacts', runId: run.runId, workbookId: run.workbookId, sheetId: run.sheetId, gen: expect.any(Number) });
    const { data: snap } = await p.api.snapshots.getSnapshot(cursor!.snapshotId, { includeSummary: true });
    expect(snap.sheetId).toBe(run.sheetId);
    // Nothing has changed since: no events yet.
    await drain();
    expect(received).toEqual([]);
  });

  it("a person's edits, an added record and a delete become exactly those events, watched fields only", async () => {
    const jean = await recordOf('j.dupont@example.fr');
    const mary = await recordOf('mary.smith@example.co.uk');
    const tom = await recordOf('tom.baker@example.com');
    const li = await recordOf('li.wang@example.com');
    // Not watched: Jean's first name. Watched: Mary's phone, and Tom's email (validation lower-cases it first).
    await p.api.records.update(run.sheetId!, [
      { id: jean.id, values: { first_name: { value: 'Jeanne' } } },
      { id: mary.id, values: { phone: { value: '+44 20 7946 0000' }, company: { value: 'Smith & Daughters Ltd' } } },
      { id: tom.id, values: { email: { value: 'Tom.Baker@Example.COM ' } } },
    ]);
    await p.api.records.delete(run.sheetId!, { ids: [li.id] });
    const { data: added } = await p.api.records.insert(run.sheetId!, [
      { email: { value: 'new.person@example.com' }, first_name: { value: 'New' }, status: { value: 'lead' } },
    ]);
    const newId = added.records![0]!.id;

    const last = await sentinel(4, '+49 351 0000000');
    expect(last).toMatchObject({ op: 'update', changes: { phone: { from: '+49 351 4455667', to: '+49 351 0000000' } } });
    expect(received).toHaveLength(4);
    const byRecord = new Map(received.map((r) => r.event).filter((e) => e !== last).map((e) => [e.recordId, e]));
    // Jean's change touched no watched field, Tom's email came back lower-cased and trimmed as before: no event.
    expect([...byRecord.keys()].sort()).toEqual([mary.id, li.id, newId].sort());
    expect(byRecord.get(mary.id)).toMatchObject({
      type: 'flatfeed.change',
      op: 'update',
      feed: 'contacts',
      runId: run.runId,
      sheetId: run.sheetId,
      // company changed too, but is not watched.
      changes: { phone: { from: '+44 20 7946 0958', to: '+44 20 7946 0000' } },
      values: { email: 'mary.smith@example.co.uk', company: 'Smith & Daughters Ltd', phone: '+44 20 7946 0000' },
      version: expect.stringMatching(/^us_vr_/),
    });
    expect(Object.keys(byRecord.get(mary.id)!.changes)).toEqual(['phone']);
    expect(byRecord.get(li.id)).toMatchObject({
      op: 'delete',
      version: 'deleted',
      changes: { email: { from: 'li.wang@example.com', to: null }, phone: { from: '+1 415 555 0199', to: null }, status: { from: 'active', to: null } },
      values: { email: 'li.wang@example.com', first_name: 'Li' },
    });
    expect(byRecord.get(newId)).toMatchObject({
      op: 'create',
      changes: { email: { from: null, to: 'new.person@example.com' }, status: { from: null, to: 'lead' } },
      values: { email: 'new.person@example.com', first_name: 'New', status: 'lead' },
    });
    // One message group per record, deduplicated by record and version.
    for (const r of received) expect(r.group).toBe(r.event.recordId);
    expect(new Set(received.map((r) => r.dedup)).size).toBe(received.length);
  });

  it("keeps one record's changes in order", async () => {
    const tom = await recordOf('tom.baker@example.com');
    await p.api.records.update(run.sheetId!, [{ id: tom.id, values: { status: { value: 'inactive' } } }]);
    await untilReceived(5);
    await p.api.records.update(run.sheetId!, [{ id: tom.id, values: { status: { value: 'lead' } } }]);
    await untilReceived(6);
    const toms = received.map((r) => r.event).filter((e) => e.recordId === tom.id);
    expect(toms.map((e) => e.changes.status)).toEqual([
      { from: 'active', to: 'inactive' },
      { from: 'inactive', to: 'lead' },
    ]);
    expect(toms[0]!.version).not.toBe(toms[1]!.version);
  });

  it('redelivered triggers deliver nothing twice', async () => {
    const before = received.length;
    // The listener's work message again (SQS at-least-once), twice, and a worker running the same delivery directly.
    const work = JSON.stringify({ kind: 'changes', feed: 'contacts', sheetId: run.sheetId });
    for (let i = 0; i < 2; i++) await p.local.clients.sqs.send(new SendMessageCommand({ QueueUrl: p.local.queueUrls.work, MessageBody: work }));
    const again = await deliverChanges(
      { api: p.api, ledger: p.ledger, sqs: p.local.clients.sqs, telemetry: createTelemetry('test'), env: { CHANGES_QUEUE_URL: p.local.queueUrls.changes } },
      p.manifest.feeds.find((f) => f.name === 'contacts')!,
      run.sheetId!,
    ).catch((e: Error) => (e.name === 'ChangesBusy' || e.constructor.name === 'ChangesBusy' ? [] : Promise.reject(e)));
    expect(again).toEqual([]);
    const last = await sentinel(before + 1, '+49 351 1111111');
    expect(received.slice(before).map((r) => r.event)).toEqual([last]);
  });
});
