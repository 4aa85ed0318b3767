import { Agent } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pullFeed, PullConfigError } from '../../../shared/pull/index.js';
import { startHttpsServer, type TestHttpsServer } from './https-server.js';
import { pullManifest, startPullStack, type PullStack } from './support.js';

const token = 's3cr3t-token';
const noRetry = { attempts: 1, baseDelayMs: 1 };

describe('https pull (local HTTPS server, self-signed certificate trusted as a CA)', () => {
  let server: TestHttpsServer;
  let stack: PullStack;
  let agent: Agent;
  let manifest: ReturnType<typeof pullManifest>;

  beforeAll(async () => {
    server = await startHttpsServer(token);
    agent = new Agent({ ca: server.cert });
    const https = (name: string, path: string) => ({
      name,
      inboxPrefix: `https/${name}/`,
      pull: { type: 'https', url: `${server.origin}${path}`, headersSecret: 'partner/headers', schedule: { cron: '0 6 * * ? *' } },
    });
    manifest = pullManifest([
      https('export', '/feeds/export.csv'),
      https('named', '/download'),
      https('missing', '/nowhere.csv'),
      https('flaky', '/flaky.csv'),
    ]);
    stack = await startPullStack(manifest, { 'partner/headers': JSON.stringify({ Authorization: `Bearer ${token}`, 'X-Partner': 'acme' }) });
  });
  afterAll(async () => {
    agent?.destroy();
    await server?.stop();
    await stack?.local.stop();
  });

  it('sends the headers from the secret and lands the file; 304 on the next pull copies nothing; a change is pulled again', async () => {
    server.serve('/feeds/export.csv', 'id\n1\n', { 'last-modified': 'Mon, 09 Jun 2025 22:00:00 GMT' });
    const first = await pullFeed(stack.deps({ httpsAgent: agent }), manifest, 'export', noRetry);
    expect(first.copied).toEqual(['https/export/2025-06-09/export.csv']);
    expect(await stack.inboxText('https/export/2025-06-09/export.csv')).toBe('id\n1\n');
    const [firstRequest] = server.requests.filter((r) => r.path === '/feeds/export.csv');
    expect(firstRequest?.headers).toMatchObject({ authorization: `Bearer ${token}`, 'x-partner': 'acme' });
    expect(firstRequest?.headers['if-none-match']).toBeUndefined();

    const second = await pullFeed(stack.deps({ httpsAgent: agent }), manifest, 'export', noRetry);
    expect(second).toMatchObject({ copied: [], skipped: 1 });
    expect(server.requests.filter((r) => r.path === '/feeds/export.csv').map((r) => r.status)).toEqual([200, 304]);

    server.serve('/feeds/export.csv', 'id\n1\n2\n', { 'last-modified': 'Tue, 10 Jun 2025 07:00:00 GMT' });
    const third = await pullFeed(stack.deps({ httpsAgent: agent }), manifest, 'export', noRetry);
    expect(third.copied).toEqual(['https/export/2025-06-10/export.csv']);
    expect(await stack.inboxText('https/export/2025-06-10/export.csv')).toBe('id\n1\n2\n');
    expect(await stack.inboxKeys('https/export/')).toHaveLength(2);
  });

  it("names the file after Content-Disposition, in a key safe form, on the pull's day without Last-Modified", async () => {
    server.serve('/download', 'id\n7\n', { 'content-disposition': 'attachment; filename="../report 2025.csv"' });
    const report = await pullFeed(stack.deps({ httpsAgent: agent }), manifest, 'named', noRetry);
    expect(report.copied).toEqual(['https/named/2025-06-10/report_2025.csv']);
  });

  it('does not trust the server without its CA (TLS verification stays on)', async () => {
    server.serve('/feeds/export.csv', 'id\n9\n');
    const err = await pullFeed(stack.deps(), manifest, 'export', noRetry).catch((e: unknown) => e);
    expect(String((err as Error).message)).toMatch(/self[- ]signed|certificate/i);
  });

  it('a 404 is a configuration error, not retried', async () => {
    const before = server.requests.length;
    const err = await pullFeed(stack.deps({ httpsAgent: agent }), manifest, 'missing', { attempts: 3, baseDelayMs: 1 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PullConfigError);
    expect(err).toMatchObject({ problem: 'not-found' });
    expect(server.requests.length - before).toBe(1);
  });

  it('a 503 is retried with backoff', async () => {
    server.serve('/flaky.csv', 'id\n5\n');
    server.failNext('/flaky.csv', 503);
    const report = await pullFeed(stack.deps({ httpsAgent: agent }), manifest, 'flaky', { attempts: 3, baseDelayMs: 1 });
    expect(report.copied).toEqual(['https/flaky/2025-06-10/flaky.csv']);
    expect(server.requests.filter((r) => r.path === '/flaky.csv').map((r) => r.status)).toEqual([503, 200]);
  });
});
