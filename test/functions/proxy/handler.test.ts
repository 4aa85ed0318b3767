import { symlinkSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Context, LambdaFunctionURLEvent, LambdaFunctionURLResult } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startEmulator, type Emulator } from '../../../emulator/index.js';
import { readFile } from 'node:fs/promises';

// The proxy function as deployed: its handler, the manifest's allow-list, the key from the environment, the emulator
// as Flatfile. Its audit lines are read from stdout (Powertools' logger), where CloudWatch would read them.

const TOKEN = 'sk_test_ProxyKey123';
let emulator: Emulator;
let dir: string;
let handler: (event: LambdaFunctionURLEvent, context: Context) => Promise<Exclude<LambdaFunctionURLResult, string>>;
const lines: string[] = [];

beforeAll(async () => {
  emulator = await startEmulator({ token: TOKEN });
  dir = await mkdtemp(join(tmpdir(), 'flatfeed-proxy-'));
  const base = await readFile('feeds/feeds.yaml', 'utf8');
  const manifest = join(dir, 'feeds.yaml');
  symlinkSync(resolve('feeds/hooks'), join(dir, 'hooks')); // the example's hook modules, relative to the manifest
  await writeFile(
    manifest,
    `${base.replace(/^proxy:[\s\S]*$/m, '')}\nproxy:\n  allow:\n    - { methods: [GET], path: /v1/spaces }\n    - { methods: [GET, POST], path: /v1/spaces/*/** }\n  maxBodyBytes: 64\n`,
  );
  Object.assign(process.env, { POWERTOOLS_LOG_LEVEL: 'INFO', MANIFEST_PATH: manifest, FLATFILE_API_KEY: TOKEN, FLATFILE_API_URL: emulator.url });
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  });
  ({ handler } = (await import('../../../functions/proxy/handler.js')) as unknown as { handler: typeof handler });
});
afterAll(async () => {
  vi.restoreAllMocks();
  for (const k of ['MANIFEST_PATH', 'FLATFILE_API_KEY', 'FLATFILE_API_URL']) delete process.env[k];
  await emulator?.stop();
  await rm(dir, { recursive: true, force: true });
});

const context = { functionName: 'proxy', awsRequestId: 'req-1', getRemainingTimeInMillis: () => 10_000 } as unknown as Context;
const event = (method: string, rawPath: string, extra: Partial<LambdaFunctionURLEvent> = {}): LambdaFunctionURLEvent =>
  ({
    version: '2.0',
    rawPath,
    rawQueryString: '',
    headers: { 'content-type': 'application/json' },
    isBase64Encoded: false,
    requestContext: { http: { method }, authorizer: { iam: { userArn: 'arn:aws:iam::123456789012:role/reporting' } } },
    ...extra,
  }) as unknown as LambdaFunctionURLEvent;

describe('proxy function (Function URL, IAM auth, allow-list from the manifest)', () => {
  it('forwards an allowed call with the key it holds and answers with Flatfile’s answer', async () => {
    const res = await handler(event('GET', '/v1/spaces', { rawQueryString: `environmentId=${emulator.environmentId}` }), context);
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(String(res.body))).toHaveProperty('data');
  });

  it('refuses paths and methods not allowed, without calling Flatfile', async () => {
    const fetches = vi.spyOn(globalThis, 'fetch');
    for (const [method, path] of [
      ['DELETE', '/v1/spaces/us_sp_1'],
      ['GET', '/v1/environments'],
      ['GET', '/v1/secrets'],
      ['POST', '/v1/spaces'],
    ] as const) {
      const res = await handler(event(method, path), context);
      expect(res.statusCode, `${method} ${path}`).toBe(403);
      expect(JSON.parse(String(res.body))).toMatchObject({ error: 'not-allowed' });
    }
    expect((await handler(event('GET', '/v1/spaces/../environments'), context)).statusCode).toBe(400);
    expect(fetches).not.toHaveBeenCalled();
    fetches.mockRestore();
  });

  it('refuses a body over the limit', async () => {
    const res = await handler(event('POST', '/v1/spaces/us_sp_x/guidance', { body: JSON.stringify({ text: 'x'.repeat(100) }) }), context);
    expect(res.statusCode).toBe(413);
  });

  it('audits every request without its body, query or key', async () => {
    await handler(event('POST', '/v1/spaces/us_sp_nope/secrets', { body: '{"value":"hunter2"}', rawQueryString: 'token=abc' }), context);
    const audit = lines.filter((l) => l.includes('"message":"proxy"')).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(audit.length).toBeGreaterThanOrEqual(7);
    expect(audit.at(-1)).toMatchObject({ method: 'POST', path: '/v1/spaces/us_sp_nope/secrets', outcome: 'forwarded', caller: 'arn:aws:iam::123456789012:role/reporting' });
    expect(audit.some((a) => a.outcome === 'refused' && a.status === 403)).toBe(true);
    const all = lines.join('');
    expect(all).not.toContain('hunter2');
    expect(all).not.toContain('token=abc');
    expect(all).not.toContain(TOKEN);
  });
});
