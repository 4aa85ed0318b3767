import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmulator, verifySignature, SIGNATURE_HEADER, TIMESTAMP_HEADER, type Emulator } from '../../emulator/index.js';

const TOKEN = 'sk_test_faults';
const started: Emulator[] = [];
const servers: ReturnType<typeof createServer>[] = [];

afterAll(async () => {
  for (const e of started) await e.stop();
  for (const s of servers) await new Promise((r) => s.close(r));
});

async function start(options: Partial<Parameters<typeof startEmulator>[0]>) {
  const e = await startEmulator({ token: TOKEN, ...options });
  started.push(e);
  return e;
}

const get = (e: Emulator, path: string) => fetch(`${e.url}${path}`, { headers: { authorization: `Bearer ${TOKEN}` } });

describe('fault injection', () => {
  it('injects 429 with Retry-After, 500, latency and dropped connections per route', async () => {
    const e = await start({
      faults: {
        routes: {
          'GET /environments': { throttle: 1 },
          'GET /spaces': { error: 1 },
          'GET /files': { drop: 1 },
          'GET /jobs': { latency: 1, latencyMs: 30 },
        },
      },
    });
    const throttled = await get(e, '/v1/environments');
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toBe('1');
    expect((await throttled.json()) as object).toEqual({ errors: [{ message: 'Too many requests (injected fault)' }] });
    expect((await get(e, '/v1/spaces')).status).toBe(500);
    await expect(get(e, '/v1/files')).rejects.toThrow();
    // Latency delays but still answers; other routes are untouched.
    expect((await get(e, '/v1/jobs')).status).toBe(200);
    expect((await get(e, `/v1/environments/${e.environmentId}`)).status).toBe(200);
  });

  it('draws the same faults for the same seed', async () => {
    const config = { seed: 42, routes: { '*': { throttle: 0.5 } } };
    const runs: number[][] = [];
    for (let i = 0; i < 2; i++) {
      const e = await start({ faults: config });
      const statuses: number[] = [];
      for (let n = 0; n < 20; n++) statuses.push((await get(e, '/v1/environments')).status);
      runs.push(statuses);
    }
    expect(runs[0]).toEqual(runs[1]);
    expect(runs[0]).toContain(429);
    expect(runs[0]).toContain(200);
  });
});

describe('event push', () => {
  it('POSTs each event, signed with HMAC-SHA256 over timestamp + "." + body', async () => {
    const received: { headers: IncomingMessage['headers']; body: string }[] = [];
    const sink = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        res.end('ok');
      });
    });
    servers.push(sink);
    await new Promise<void>((r) => sink.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(sink.address() as AddressInfo).port}/hook`;
    const e = await start({ push: [{ url, secret: 'shh' }] });
    await fetch(`${e.url}/v1/spaces`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'pushed' }),
    });
    await e.stop();
    started.splice(started.indexOf(e), 1);
    expect(received).toHaveLength(1);
    const [{ headers, body }] = received as [(typeof received)[0]];
    expect(JSON.parse(body)).toMatchObject({ topic: 'space:created', domain: 'space' });
    const ts = String(headers[TIMESTAMP_HEADER]);
    const sig = String(headers[SIGNATURE_HEADER]);
    expect(sig).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(verifySignature('shh', ts, body, sig)).toBe(true);
    expect(verifySignature('wrong', ts, body, sig)).toBe(false);
    expect(verifySignature('shh', ts, body.replace('space:created', 'space:deleted'), sig)).toBe(false);
  });
});
