import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FlatfileClient } from '@flatfile/api';
import { CreateQueueCommand, DeleteMessageCommand, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { startEmulator, type Emulator } from '../../../emulator/index.js';
import { buildTopology } from '../../../infra/topology.js';
import { startLocalAws, type LocalAws } from '../../../local/aws.js';
import { createDocumentClient } from '../../../shared/aws/clients.js';
import { EventCursor } from '../../../shared/events/cursor.js';
import { processOnce } from '../../../shared/events/once-per-event.js';
import { pollEvents, type PollerDeps, type PollOptions } from '../../../shared/events/poller.js';
import { Ledger } from '../../../shared/ledger/index.js';
import { loadManifest } from '../../../shared/manifest/index.js';

const TOKEN = 'sk_test_poller';
const SPACES = ['us_sp_a', 'us_sp_b', 'us_sp_c', undefined];

describe('events poller against the emulator and the local events FIFO', () => {
  let emulator: Emulator;
  let local: LocalAws;
  let api: FlatfileClient;
  let ledger: Ledger;

  beforeAll(async () => {
    emulator = await startEmulator({ token: TOKEN, port: 0 });
    local = await startLocalAws({ topology: buildTopology(await loadManifest()) });
    api = new FlatfileClient({ token: TOKEN, apiUrl: emulator.url });
    ledger = new Ledger(createDocumentClient(local.clients.dynamodb), local.names.tables.ledger);
  });
  afterAll(async () => {
    await local?.stop();
    await emulator?.stop();
  });

  /** A fresh Flatfile environment (its own cursor) and a fresh FIFO queue (its own deduplication memory). */
  async function scenario(name: string) {
    const env = await api.environments.create({ name, isProd: false });
    const queueUrl = await newFifoQueue(local.clients.sqs, `${name}-${Date.now()}`);
    const deps = (over: Partial<PollerDeps> = {}): PollerDeps => ({
      api,
      environmentId: env.data.id,
      ledger,
      sqs: local.clients.sqs,
      queueUrl,
      ...over,
    });
    return { environmentId: env.data.id, queueUrl, deps };
  }

  /** Events created through the API, spread over spaces (and some with no space: the environment's group). */
  async function createEvents(environmentId: string, count: number, tag: string): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const spaceId = SPACES[i % SPACES.length];
      const e = await api.events.create({
        topic: 'file:created',
        domain: 'file',
        context: { accountId: emulator.services.state.accountId, environmentId, ...(spaceId ? { spaceId } : {}) },
        payload: { tag, n: i },
      } as Parameters<FlatfileClient['events']['create']>[0]);
      ids.push(e.data.id);
    }
    return ids;
  }

  const until = (opts: Partial<PollOptions> = {}): PollOptions => ({
    deadline: Number.MAX_SAFE_INTEGER,
    stopWhenIdle: true,
    pageSize: 10,
    intervalMs: 5,
    overlapMs: 0,
    // Each scenario's environment is fresh: read it from its first event.
    startAt: new Date(0).toISOString(),
    ...opts,
  });

  it('reads every page of a large backlog and enqueues each event once, by space, deduplicated by id', async () => {
    const s = await scenario('backlog');
    await createEvents(s.environmentId, 137, 'backlog');
    const ids = eventIdsOf(emulator, s.environmentId); // ours plus environment:created
    expect(ids.length).toBeGreaterThanOrEqual(137);
    const report = await pollEvents(s.deps(), until({ pageSize: 25 }));
    expect(report.pages).toBeGreaterThanOrEqual(6);
    expect(report.enqueued).toBe(ids.length);

    const got = await listen(s.queueUrl);
    expect(sorted(got.delivered)).toEqual(sorted(ids));
    expect(got.raw).toBe(ids.length);
    const groups = new Set(got.messages.map((m) => m.group));
    expect(groups).toEqual(new Set(['us_sp_a', 'us_sp_b', 'us_sp_c', s.environmentId]));
    expect(await new EventCursor(ledger, s.environmentId).read()).toBe(newestOf(emulator, s.environmentId));
  });

  it('a poller that dies mid-stream and its restart (after SQS forgot the ids) deliver each event exactly once', async () => {
    const s = await scenario('restart');
    // Runs of equal timestamps that straddle the 10-event pages: the boundary must be re-read, not skipped.
    await addEqualTimestampEvents(emulator, s.environmentId, 23, 7);
    const ids = eventIdsOf(emulator, s.environmentId);
    let batches = 0;
    const dying = {
      send: (cmd: Parameters<SQSClient['send']>[0]) => {
        if (++batches > 8) return Promise.reject(new Error('simulated crash'));
        return local.clients.sqs.send(cmd);
      },
    } as unknown as SQSClient;
    await expect(pollEvents(s.deps({ sqs: dying }), until())).rejects.toThrow('simulated crash');
    const cursorAfterCrash = await new EventCursor(ledger, s.environmentId).read();
    expect(cursorAfterCrash).toBeDefined();

    const first = await listen(s.queueUrl);
    expect(first.delivered.length).toBeGreaterThanOrEqual(80);
    expect(first.delivered.length).toBeLessThan(ids.length);

    // The restart writes to a queue with no memory of the first run's ids, as SQS after its 5-minute window.
    const later = await newFifoQueue(local.clients.sqs, `restart-later-${Date.now()}`);
    await pollEvents(s.deps({ queueUrl: later }), until());
    const second = await listen(later);
    expect(second.raw).toBeGreaterThan(second.delivered.length); // re-read boundary events, skipped by processOnce

    const all = [...first.delivered, ...second.delivered];
    expect(sorted(all)).toEqual(sorted(ids));
    expect(new Set(all).size).toBe(all.length);
  });

  it('two pollers overlapping while events arrive never lose one, never deliver one twice, never move the cursor back', async () => {
    const s = await scenario('overlap');
    const stopPhase1 = new AbortController();
    const producing = Promise.all([0, 1, 2].map((k) => createEvents(s.environmentId, 70, `p${k}`)));
    const phase1 = Promise.all([
      pollEvents(s.deps(), until({ stopWhenIdle: false, pageSize: 7, signal: stopPhase1.signal })),
      pollEvents(s.deps(), until({ stopWhenIdle: false, pageSize: 11, signal: stopPhase1.signal })),
    ]);
    await producing;
    stopPhase1.abort();
    const [a, b] = await phase1;
    expect(a.enqueued + b.enqueued).toBeGreaterThan(0);
    // Both again, side by side, until neither finds anything new.
    await Promise.all([pollEvents(s.deps(), until({ pageSize: 13 })), pollEvents(s.deps(), until({ pageSize: 10 }))]);

    const got = await listen(s.queueUrl);
    const ids = eventIdsOf(emulator, s.environmentId);
    expect(ids.length).toBeGreaterThanOrEqual(210);
    expect(sorted(got.delivered)).toEqual(sorted(ids));
    expect(new Set(got.delivered).size).toBe(got.delivered.length);
    expect(await new EventCursor(ledger, s.environmentId).read()).toBe(newestOf(emulator, s.environmentId));
    const ledgerCursor = new EventCursor(ledger, s.environmentId);
    expect(await ledgerCursor.advance('2000-01-01T00:00:00.000Z')).toBe(newestOf(emulator, s.environmentId));
  });

  /** The listener side: drain the queue through the process-once guard, as functions/listener will. */
  it('a first poll into an environment with history starts at deployment: nothing from before is enqueued', async () => {
    // The emulator's default environment holds a day of another application's history, a deleted Space among it.
    const environmentId = emulator.environmentId;
    const before = eventIdsOf(emulator, environmentId);
    expect(before.length).toBeGreaterThan(0);
    const queueUrl = await newFifoQueue(local.clients.sqs, `history-${Date.now()}`);
    const deps: PollerDeps = { api, environmentId, ledger, sqs: local.clients.sqs, queueUrl };
    const first = await pollEvents(deps, { deadline: Number.MAX_SAFE_INTEGER, stopWhenIdle: true, pageSize: 10, intervalMs: 5 });
    expect(first.enqueued).toBe(0);
    // The start is kept: what happens after it is read by this and every later invocation.
    const [fresh] = await createEvents(environmentId, 1, 'after-deployment');
    const later = await pollEvents(deps, { deadline: Number.MAX_SAFE_INTEGER, stopWhenIdle: true, pageSize: 10, intervalMs: 5 });
    expect(later.enqueued).toBe(1);
    const got = await listen(queueUrl);
    expect(got.delivered).toEqual([fresh]);
  });

  async function listen(queueUrl: string) {
    const delivered: string[] = [];
    const messages: { id: string; group: string }[] = [];
    for (;;) {
      const { Messages = [] } = await local.clients.sqs.send(
        new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, MessageSystemAttributeNames: ['MessageGroupId'] }),
      );
      if (Messages.length === 0) return { delivered, messages, raw: messages.length };
      for (const m of Messages) {
        const event = JSON.parse(m.Body!) as { id: string };
        messages.push({ id: event.id, group: m.Attributes?.MessageGroupId ?? '' });
        await processOnce(ledger, event.id, async () => void delivered.push(event.id));
        await local.clients.sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: m.ReceiptHandle! }));
      }
    }
  }
});

async function newFifoQueue(sqs: SQSClient, name: string): Promise<string> {
  const res = await sqs.send(new CreateQueueCommand({ QueueName: `${name}.fifo`, Attributes: { FifoQueue: 'true' } }));
  return res.QueueUrl!;
}

/** `groups` runs of `size` events each sharing one createdAt, appended to the emulator's log in order. */
async function addEqualTimestampEvents(emulator: Emulator, environmentId: string, groups: number, size: number): Promise<void> {
  const log = emulator.services.state.events;
  // The log is kept oldest first: start after its newest event, one millisecond per run.
  const newest = log.list({ includeAcknowledged: true, pageSize: Number.MAX_SAFE_INTEGER, pageNumber: 1 }).reduce((max, e) => Math.max(max, Date.parse(e.createdAt)), Date.now());
  const base = newest + 1;
  for (let g = 0; g < groups; g++) {
    for (let i = 0; i < size; i++) {
      const id = `us_evt_eq${String(g).padStart(3, '0')}x${i}`;
      log.add({
        id,
        topic: 'file:created',
        domain: 'file',
        context: { accountId: emulator.services.state.accountId, environmentId, spaceId: SPACES[g % 3]! },
        payload: {},
        createdAt: new Date(base + g).toISOString(),
        callbackUrl: '',
        dataUrl: '',
        namespaces: [],
      });
    }
  }
  // Events the emulator emits next must not be older than these.
  while (Date.now() <= base + groups) await new Promise((r) => setTimeout(r, 5));
}

/** The emulator's own record of every event of the environment: what the listener must see, each once. */
function eventIdsOf(emulator: Emulator, environmentId: string): string[] {
  return emulator.services.state.events.list({ environmentId, includeAcknowledged: true, pageSize: Number.MAX_SAFE_INTEGER, pageNumber: 1 }).map((e) => e.id);
}

function newestOf(emulator: Emulator, environmentId: string): string {
  const mine = emulator.services.state.events.list({ environmentId, includeAcknowledged: true, pageSize: Number.MAX_SAFE_INTEGER, pageNumber: 1 });
  return mine.reduce((max, e) => (e.createdAt > max ? e.createdAt : max), '');
}

const sorted = (xs: string[]) => [...xs].sort();
