import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:https';
import type { IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generate } from 'selfsigned';

export interface TestHttpsServer {
  origin: string;
  /** The self-signed certificate: what a client must trust (as its CA) to talk to this server. */
  cert: string;
  /** Request headers received per path, oldest first. */
  requests: { path: string; headers: IncomingHttpHeaders; status: number }[];
  /** Replaces the body served at a path (a new ETag follows). */
  serve(path: string, body: string, headers?: Record<string, string>): void;
  /** Answers the next request for a path with this status instead. */
  failNext(path: string, status: number): void;
  stop(): Promise<void>;
}

/** An HTTPS server on 127.0.0.1 with a fresh self-signed certificate; honours If-None-Match, wants a bearer token. */
export async function startHttpsServer(token: string): Promise<TestHttpsServer> {
  const pems = await generate([{ name: 'commonName', value: '127.0.0.1' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }],
  });
  const files = new Map<string, { body: string; etag: string; headers: Record<string, string> }>();
  const failures = new Map<string, number>();
  const requests: TestHttpsServer['requests'] = [];

  const server: Server = createServer({ key: pems.private, cert: pems.cert }, (req, res) => {
    const path = new URL(req.url ?? '/', 'https://x').pathname;
    const reply = (status: number, headers: Record<string, string> = {}, body = '') => {
      requests.push({ path, headers: req.headers, status });
      res.writeHead(status, headers).end(body);
    };
    const failure = failures.get(path);
    if (failure !== undefined) {
      failures.delete(path);
      return reply(failure);
    }
    if (req.headers.authorization !== `Bearer ${token}`) return reply(401);
    const file = files.get(path);
    if (!file) return reply(404);
    if (req.headers['if-none-match'] === file.etag) return reply(304, { etag: file.etag });
    reply(200, { 'content-type': 'text/csv', etag: file.etag, ...file.headers }, file.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

  return {
    origin: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
    cert: pems.cert,
    requests,
    serve(path, body, headers = {}) {
      files.set(path, { body, etag: `"${createHash('sha256').update(body).digest('hex').slice(0, 16)}"`, headers });
    },
    failNext(path, status) {
      failures.set(path, status);
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
