import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { FlatfileListener } from '@flatfile/listener';
import flatfeedForwarder, { KEY_SECRET, URL_SECRET } from '../../../agent/index.js';
import { forwardEvent } from '../../../agent/forward.js';
import { receiveWebhook, type WebhookResponse } from '../../../shared/events/webhook.js';

const SECRET = 'agent-test-secret';
const AGENT_TOKEN = 'sk_live_HostedAgentToken42';

describe('forwarder agent → webhook', () => {
  const sqs = new SQSClient({ region: 'us-east-1' });
  const sqsMock = mockClient(sqs);
  let server: Server;
  let url: string;
  const statuses: number[] = [];

  beforeAll(async () => {
    // The webhook logic behind a plain HTTP server, standing in for the Function URL.
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        void receiveWebhook(
          { secret: async () => SECRET, sqs, queueUrl: 'https://sqs.local/events.fifo', log: () => undefined },
          { method: req.method ?? 'GET', headers: req.headers as Record<string, string>, body: Buffer.concat(chunks).toString('utf8'), isBase64Encoded: false },
        ).then((r: WebhookResponse) => {
          statuses.push(r.statusCode);
          res.writeHead(r.statusCode, r.headers).end(r.body);
        });
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  beforeEach(() => {
    sqsMock.reset();
    sqsMock.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });
    statuses.length = 0;
  });
  afterAll(async () => {
    delete process.env[URL_SECRET];
    delete process.env[KEY_SECRET];
    await new Promise((r) => server.close(r));
  });

  it('forwards each raw event, signed with the shared helper, and never the agent token', async () => {
    process.env[URL_SECRET] = url;
    process.env[KEY_SECRET] = SECRET;
    const listener = FlatfileListener.create(flatfeedForwarder);
    listener.setVariables({ accessToken: AGENT_TOKEN, apiUrl: 'http://127.0.0.1:9/' });
    const raw = {
      id: 'us_evt_agent00000001',
      topic: 'job:ready',
      domain: 'job',
      createdAt: '2025-01-01T00:00:00.000Z',
      context: { accountId: 'us_acc_1', environmentId: 'us_env_1', spaceId: 'us_sp_9', jobId: 'us_jb_1' },
      payload: { job: 'file:extract-plugin-excel' },
    };
    await listener.dispatchEvent(raw);

    expect(statuses).toEqual([202]);
    const [call] = sqsMock.commandCalls(SendMessageBatchCommand);
    const entry = call!.args[0].input.Entries![0]!;
    expect(JSON.parse(entry.MessageBody!)).toEqual(raw);
    expect(entry).toMatchObject({ MessageGroupId: 'us_sp_9', MessageDeduplicationId: 'us_evt_agent00000001' });
    expect(entry.MessageBody).not.toContain(AGENT_TOKEN);
  });

  it('a webhook refusal (wrong key) is final: one attempt, an error without the body', async () => {
    const body = JSON.stringify({ id: 'us_evt_agent00000002', context: {} });
    await expect(forwardEvent({ url, secret: 'wrong' }, body)).rejects.toThrow(/^flatfeed webhook refused the event: HTTP 401$/);
    expect(statuses).toEqual([401]);
    expect(sqsMock.commandCalls(SendMessageBatchCommand)).toEqual([]);
  });
});
