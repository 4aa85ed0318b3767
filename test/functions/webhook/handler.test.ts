import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DeleteMessageCommand, ReceiveMessageCommand, type Message } from '@aws-sdk/client-sqs';
import type { LambdaFunctionURLEvent, LambdaFunctionURLResult } from 'aws-lambda';
import { buildTopology, type Topology } from '../../../infra/topology.js';
import { applyLocalEnv, startLocalAws, type LocalAws } from '../../../local/aws.js';
import { lambdaContext } from '../../../local/lambda-context.js';
import { loadManifest } from '../../../shared/manifest/index.js';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, signRequest } from '../../../shared/events/signature.js';

const SECRET = 'webhook-test-secret';
const AGENT_TOKEN = 'sk_live_AgentToken1234567890';
const NESTED_TOKEN = 'sk_test_NestedKey0987654321';
const BEARER = 'Bearer eyJhbGciOiJIUzI1NiJ9.c2VjcmV0.sig';

describe('webhook handler (Function URL → events FIFO)', () => {
  let local: LocalAws;
  let topology: Topology;
  let restoreEnv: () => void;
  let handler: (event: LambdaFunctionURLEvent, context: ReturnType<typeof lambdaContext>) => Promise<LambdaFunctionURLResult>;
  const output: string[] = [];

  beforeAll(async () => {
    topology = buildTopology(await loadManifest());
    local = await startLocalAws({ topology });
    restoreEnv = applyLocalEnv({
      env: {
        ...local.env,
        EVENTS_QUEUE_URL: local.queueUrls.events,
        WEBHOOK_SECRET: SECRET,
        // Both would put raw requests and debug details in the log if the handler let them.
        POWERTOOLS_LOGGER_LOG_EVENT: 'true',
        POWERTOOLS_LOG_LEVEL: 'DEBUG',
      },
    });
    // Everything the function writes (Powertools logs and EMF metrics) is captured here instead of printed.
    for (const stream of [process.stdout, process.stderr]) {
      vi.spyOn(stream, 'write').mockImplementation(((chunk: unknown) => (output.push(String(chunk)), true)) as typeof stream.write);
    }
    ({ handler } = (await import('../../../functions/webhook/handler.js')) as unknown as { handler: typeof handler });
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    restoreEnv?.();
    await local?.stop();
  });

  const invoke = (body: string, headers: Record<string, string>, isBase64Encoded = false) =>
    handler(urlEvent(body, headers, isBase64Encoded), lambdaContext(topology.functions.find((f) => f.id === 'webhook')!, local.region));

  it('accepts a validly signed event and enqueues it, grouped by space and deduplicated by id', async () => {
    const event = flatfileEvent('us_evt_valid000000001', 'us_sp_one');
    const body = JSON.stringify(event);
    const res = await invoke(body, signRequest(SECRET, body));
    expect(res).toMatchObject({ statusCode: 202 });
    const [message, ...more] = await receiveAll();
    expect(more).toEqual([]);
    expect(JSON.parse(message!.Body!)).toEqual(event);
    expect(message!.Attributes).toMatchObject({ MessageGroupId: 'us_sp_one', MessageDeduplicationId: 'us_evt_valid000000001' });
  });

  it.each([
    ['plain', false],
    ['base64', true],
  ])('strips bearer tokens and sk_ keys from a %s body before queueing or logging anything', async (_, base64) => {
    // The shape @flatfile/plugin-webhook-event-forwarder posts: the FlatfileEvent with the agent's token beside `src`.
    const id = base64 ? 'us_evt_tokens0000002' : 'us_evt_tokens0000001';
    const src = flatfileEvent(id, 'us_sp_two');
    src.context.token = NESTED_TOKEN;
    src.payload.note = `called with ${BEARER}`;
    const body = JSON.stringify({ _accessToken: AGENT_TOKEN, _apiUrl: 'https://platform.flatfile.com/api', src });
    const res = await invoke(base64 ? Buffer.from(body).toString('base64') : body, signRequest(SECRET, body), base64);
    expect(res).toMatchObject({ statusCode: 202 });
    const [message] = await receiveAll();
    const queued = JSON.parse(message!.Body!);
    expect(queued.id).toBe(id);
    expect(queued.context).not.toHaveProperty('token');
    expect(queued.payload.note).toBe('called with [redacted]');
    expect(message!.Body).not.toMatch(/sk_live|sk_test|eyJhbGci|_accessToken/);
  });

  it('rejects a forged signature with 401 and enqueues nothing', async () => {
    const body = JSON.stringify(flatfileEvent('us_evt_forged0000001', 'us_sp_one'));
    const res = await invoke(body, signRequest('not-the-secret', body));
    expect(res).toMatchObject({ statusCode: 401 });
    const tampered = await invoke(body.replace('file:created', 'file:deleted'), signRequest(SECRET, body));
    expect(tampered).toMatchObject({ statusCode: 401 });
    const unsigned = await invoke(body, {});
    expect(unsigned).toMatchObject({ statusCode: 401 });
    expect(await receiveAll()).toEqual([]);
  });

  it('rejects a replay (timestamp more than 5 minutes old) and a far-future timestamp with 401', async () => {
    const body = JSON.stringify(flatfileEvent('us_evt_replay0000001', 'us_sp_one'));
    expect(await invoke(body, signRequest(SECRET, body, Date.now() - 6 * 60_000))).toMatchObject({ statusCode: 401 });
    expect(await invoke(body, signRequest(SECRET, body, Date.now() + 6 * 60_000))).toMatchObject({ statusCode: 401 });
    expect(await receiveAll()).toEqual([]);
  });

  it('rejects an oversized body with 413, plain or base64, even when correctly signed', async () => {
    const event = flatfileEvent('us_evt_big0000000001', 'us_sp_one');
    event.payload.padding = 'x'.repeat(256 * 1024);
    const body = JSON.stringify(event);
    expect(await invoke(body, signRequest(SECRET, body))).toMatchObject({ statusCode: 413 });
    expect(await invoke(Buffer.from(body).toString('base64'), signRequest(SECRET, body), true)).toMatchObject({ statusCode: 413 });
    expect(await receiveAll()).toEqual([]);
  });

  it('rejects malformed JSON and JSON that is not an event with 400', async () => {
    for (const body of ['{"id": "us_evt_x", ', '[1,2,3]', '{"topic":"file:created"}']) {
      expect(await invoke(body, signRequest(SECRET, body))).toMatchObject({ statusCode: 400 });
    }
    expect(await receiveAll()).toEqual([]);
  });

  it('logged every decision, and no credential from any body reached the log', () => {
    const log = output.join('');
    expect(log).toContain('event enqueued');
    expect(log).toContain('webhook request rejected');
    expect(log).toContain('us_evt_tokens0000001');
    for (const secret of [AGENT_TOKEN, NESTED_TOKEN, 'eyJhbGciOiJIUzI1NiJ9', SECRET]) expect(log).not.toContain(secret);
  });

  async function receiveAll(): Promise<Message[]> {
    const out: Message[] = [];
    for (;;) {
      const { Messages = [] } = await local.clients.sqs.send(
        new ReceiveMessageCommand({ QueueUrl: local.queueUrls.events, MaxNumberOfMessages: 10, MessageSystemAttributeNames: ['All'] }),
      );
      if (Messages.length === 0) return out;
      for (const m of Messages) {
        await local.clients.sqs.send(new DeleteMessageCommand({ QueueUrl: local.queueUrls.events, ReceiptHandle: m.ReceiptHandle! }));
      }
      out.push(...Messages);
    }
  }
});

function flatfileEvent(id: string, spaceId: string) {
  return {
    id,
    topic: 'file:created',
    domain: 'file',
    createdAt: new Date().toISOString(),
    context: { accountId: 'us_acc_1', environmentId: 'us_env_1', spaceId, fileId: 'us_fl_1' } as Record<string, string>,
    payload: {} as Record<string, string>,
  };
}

function urlEvent(body: string, headers: Record<string, string>, isBase64Encoded: boolean): LambdaFunctionURLEvent {
  const now = new Date();
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: '/',
    rawQueryString: '',
    // Function URLs deliver lower-case names; mixed case here proves the header normaliser is in place.
    headers: { 'Content-Type': 'application/json', ...Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toUpperCase(), v])) },
    requestContext: {
      accountId: 'anonymous',
      apiId: 'local',
      domainName: 'local.lambda-url.us-east-1.on.aws',
      domainPrefix: 'local',
      http: { method: 'POST', path: '/', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'flatfeed-agent' },
      requestId: 'req',
      routeKey: '$default',
      stage: '$default',
      time: now.toISOString(),
      timeEpoch: now.getTime(),
    },
    body,
    isBase64Encoded,
  };
}
