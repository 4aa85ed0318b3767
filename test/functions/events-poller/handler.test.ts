import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FlatfileClient } from '@flatfile/api';
import { DeleteMessageCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { startEmulator, type Emulator } from '../../../emulator/index.js';
import { buildTopology, type Topology } from '../../../infra/topology.js';
import { applyLocalEnv, startLocalAws, type LocalAws } from '../../../local/aws.js';
import { lambdaContext } from '../../../local/lambda-context.js';
import { createDocumentClient } from '../../../shared/aws/clients.js';
import { EventCursor } from '../../../shared/events/cursor.js';
import { Ledger } from '../../../shared/ledger/index.js';
import { loadManifest } from '../../../shared/manifest/index.js';

const TOKEN = 'sk_test_poller_handler';

describe('events-poller handler (scheduled)', () => {
  let emulator: Emulator;
  let local: LocalAws;
  let topology: Topology;
  let restoreEnv: () => void;

  beforeAll(async () => {
    emulator = await startEmulator({ token: TOKEN, port: 0 });
    topology = buildTopology(await loadManifest());
    local = await startLocalAws({ topology });
    restoreEnv = applyLocalEnv({
      env: {
        ...local.env,
        FLATFILE_API_KEY: TOKEN,
        FLATFILE_API_URL: emulator.url,
        FLATFILE_ENVIRONMENT_ID: emulator.environmentId,
        LEDGER_TABLE: local.names.tables.ledger,
        EVENTS_QUEUE_URL: local.queueUrls.events,
        // A short polling window keeps the test quick; nothing below depends on how long it took.
        EVENTS_POLL_SECONDS: '1',
        // From the environment's first event: this test is about events created before the first run.
        EVENTS_START_AT: '1970-01-01T00:00:00.000Z',
        EVENTS_POLL_INTERVAL_MS: '50',
        EVENTS_PAGE_SIZE: '20',
      },
    });
  });
  afterAll(async () => {
    restoreEnv?.();
    await local?.stop();
    await emulator?.stop();
  });

  it('moves the environment events created before the run onto the FIFO queue and advances the cursor', async () => {
    const api = new FlatfileClient({ token: TOKEN, apiUrl: emulator.url });
    for (let i = 0; i < 45; i++) {
      await api.events.create({
        topic: 'space:created',
        domain: 'space',
        context: { accountId: emulator.services.state.accountId, environmentId: emulator.environmentId, spaceId: `us_sp_${i % 3}` },
        payload: {},
      } as Parameters<FlatfileClient['events']['create']>[0]);
    }
    const expected = emulator.services.state.events.list({ environmentId: emulator.environmentId, includeAcknowledged: true, pageSize: Number.MAX_SAFE_INTEGER, pageNumber: 1 });

    const { handler } = await import('../../../functions/events-poller/handler.js');
    await handler({}, lambdaContext(topology.functions.find((f) => f.id === 'eventsPoller')!, local.region));

    const ids: string[] = [];
    for (;;) {
      const { Messages = [] } = await local.clients.sqs.send(new ReceiveMessageCommand({ QueueUrl: local.queueUrls.events, MaxNumberOfMessages: 10 }));
      if (Messages.length === 0) break;
      for (const m of Messages) {
        ids.push((JSON.parse(m.Body!) as { id: string }).id);
        await local.clients.sqs.send(new DeleteMessageCommand({ QueueUrl: local.queueUrls.events, ReceiptHandle: m.ReceiptHandle! }));
      }
    }
    expect(ids.sort()).toEqual(expected.map((e) => e.id).sort());
    const ledger = new Ledger(createDocumentClient(local.clients.dynamodb), local.names.tables.ledger);
    expect(await new EventCursor(ledger, emulator.environmentId).read()).toBe(expected.at(-1)!.createdAt);
  });
});
