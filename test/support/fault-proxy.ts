import { createServer, request, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Decides whether one request fails: return an HTTP status to answer with instead of forwarding it. */
export type FaultRule = (req: { method: string; path: string; body: string }) => number | undefined;
/**
 * Holds one request before its body is read: return a promise and the proxy reads nothing of the request (the client
 * is held back by its socket, as by a slow network) until it resolves; then the request goes on as usual.
 */
export type HoldRule = (req: { method: string; path: string }) => Promise<void> | undefined;

export interface FaultProxy {
  url: string;
  /** Requests answered with an injected status so far. */
  injected: { method: string; path: string; status: number }[];
  stop(): Promise<void>;
}

/**
 * A loopback proxy in front of the Flatfile emulator that fails chosen requests deterministically (e.g. "the first
 * three POST /jobs that create an egress job"), where the emulator's own fault injection is random per route.
 */
export async function startFaultProxy(target: string, rule: FaultRule, hold?: HoldRule): Promise<FaultProxy> {
  const base = new URL(target);
  const injected: FaultProxy['injected'] = [];
  const server = createServer(async (req, res) => {
    const path = (req.url ?? '/').replace(base.pathname.replace(/\/$/, ''), '');
    await hold?.({ method: req.method ?? 'GET', path });
    const body = await readBody(req);
    const status = rule({ method: req.method ?? 'GET', path, body: body.toString('utf8') });
    if (status !== undefined) {
      injected.push({ method: req.method ?? 'GET', path, status });
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ errors: [{ message: `injected ${status}` }] }));
      return;
    }
    const out = request(
      { host: base.hostname, port: base.port, method: req.method, path: req.url, headers: { ...req.headers, host: base.host } },
      (upstream) => {
        res.writeHead(upstream.statusCode ?? 502, upstream.headers);
        upstream.pipe(res);
      },
    );
    out.on('error', () => res.destroy());
    out.end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${base.pathname.replace(/\/$/, '')}`,
    injected,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}
