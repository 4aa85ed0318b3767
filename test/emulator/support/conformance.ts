import { createRequire } from 'node:module';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

type Schema = { parse(raw: unknown, opts: object): { ok: true } | { ok: false; errors: { path: string[]; message: string }[] } };
const serialization = createRequire(import.meta.url)('@flatfile/api/serialization') as Record<string, Schema>;

/** Which of the client's response schemas describes each route (method + path under /v1). */
const ROUTES: [string, RegExp, string][] = [
  ['DELETE', /.*/, 'Success'],
  ['GET', /^\/environments$/, 'ListEnvironmentsResponse'],
  ['*', /^\/environments(\/[^/]+)?$/, 'EnvironmentResponse'],
  ['GET', /^\/spaces$/, 'ListSpacesResponse'],
  ['POST', /^\/spaces\/[^/]+\/(archive|unarchive)$/, 'Success'],
  ['*', /^\/spaces(\/[^/]+)?$/, 'SpaceResponse'],
  ['GET', /^\/files$/, 'ListFilesResponse'],
  ['POST', /^\/files\/detect-header$/, 'DetectHeaderResponse'],
  ['*', /^\/files(\/[^/]+)?$/, 'FileResponse'],
  ['GET', /^\/workbooks$/, 'ListWorkbooksResponse'],
  ['GET', /^\/(workbooks|sheets)\/[^/]+\/commits$/, 'ListCommitsResponse'],
  ['*', /^\/workbooks(\/[^/]+)?$/, 'WorkbookResponse'],
  ['GET', /^\/sheets$/, 'ListSheetsResponse'],
  ['GET', /^\/sheets\/[^/]+\/counts$/, 'RecordCountsResponse'],
  ['GET', /^\/sheets\/[^/]+\/records$/, 'GetRecordsResponse'],
  ['GET', /^\/sheets\/[^/]+\/records\/indices$/, 'GetRecordIndicesResponse'],
  ['POST', /^\/sheets\/[^/]+\/records$/, 'RecordsResponse'],
  ['PUT', /^\/sheets\/[^/]+\/records$/, 'VersionResponse'],
  ['*', /^\/sheets\/[^/]+$/, 'SheetResponse'],
  ['GET', /^\/jobs$/, 'ListJobsResponse'],
  ['POST', /^\/jobs\/[^/]+\/execute$/, 'Success'],
  ['*', /^\/jobs\/[^/]+\/plan$/, 'JobPlanResponse'],
  ['*', /^\/jobs(\/[^/]+)?(\/(ack|complete|fail|cancel|outcome\/ack))?$/, 'JobResponse'],
  ['GET', /^\/events$/, 'ListAllEventsResponse'],
  ['POST', /^\/events\/[^/]+\/ack$/, 'Success'],
  ['*', /^\/events(\/[^/]+)?$/, 'EventResponse'],
  ['POST', /^\/commits\/[^/]+\/complete$/, 'Success'],
  ['GET', /^\/commits\/[^/]+$/, 'CommitResponse'],
  ['GET', /^\/snapshots\/[^/]+\/records$/, 'DiffRecordsResponse'],
  ['GET', /^\/snapshots$/, 'SnapshotsResponse'],
  ['*', /^\/snapshots(\/[^/]+)?$/, 'SnapshotResponse'],
  ['GET', /^\/entitlements$/, 'ListEntitlementsResponse'],
  ['*', /^\/secrets$/, 'SecretsResponse'],
];

const STRICT = { unrecognizedObjectKeys: 'passthrough', allowUnrecognizedUnionMembers: false, allowUnrecognizedEnumValues: false };

export function schemaFor(method: string, path: string): string | undefined {
  return ROUTES.find(([m, re]) => (m === '*' || m === method) && re.test(path))?.[2];
}

/** Validates a response body with the client's own schema; returns the problems (empty when it conforms). */
export function conformanceErrors(method: string, path: string, status: number, body: unknown): string[] {
  const name = status >= 400 ? 'Errors' : schemaFor(method, path);
  if (!name) return [`${method} ${path}: no schema known for this route`];
  const result = serialization[name]!.parse(body, STRICT);
  return result.ok ? [] : result.errors.map((e) => `${method} ${path} (${name}) ${e.path.join('.')}: ${e.message}`);
}

/**
 * A recording proxy in front of the emulator: every client (SDK, listener, plugins with their own fetch) goes
 * through it, and every JSON response is checked against `@flatfile/api/serialization`.
 */
export class ConformanceProxy {
  readonly failures: string[] = [];
  checked = 0;
  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(target: string): Promise<ConformanceProxy> {
    const upstream = new URL(target);
    let proxy!: ConformanceProxy;
    const server = createServer((req, res) => {
      const out = request(
        { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers },
        (up) => {
          const chunks: Buffer[] = [];
          up.on('data', (c: Buffer) => chunks.push(c));
          up.on('end', () => {
            const body = Buffer.concat(chunks);
            proxy.inspect(req.method ?? 'GET', req.url ?? '/', up.statusCode ?? 0, String(up.headers['content-type'] ?? ''), body);
            res.writeHead(up.statusCode ?? 502, up.headers);
            res.end(body);
          });
        },
      );
      out.on('error', () => res.destroy());
      req.pipe(out);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    proxy = new ConformanceProxy(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    return proxy;
  }

  private inspect(method: string, rawUrl: string, status: number, contentType: string, body: Buffer): void {
    const path = rawUrl.split('?')[0]!.replace(/\/{2,}/g, '/').replace(/^\/v1/, '');
    if (status === 304) return;
    if (/\/files\/[^/]+\/download$/.test(path) && status === 200) return;
    this.checked++;
    // The v2 records endpoint has no schema in the client, which parses each line itself: JSON objects with an id.
    if (path === '/v2-alpha/records.jsonl' && status === 200) {
      if (!contentType.includes('application/jsonl')) this.failures.push(`${method} ${path}: content-type ${contentType}`);
      const lines = body.toString('utf8').split('\n').filter((l) => l !== '');
      for (const [i, line] of lines.entries()) {
        let rec: unknown;
        try {
          rec = JSON.parse(line);
        } catch {
          this.failures.push(`${method} ${path}: line ${i + 1} is not JSON`);
          continue;
        }
        if (typeof (rec as { __k?: unknown })?.__k !== 'string') this.failures.push(`${method} ${path}: line ${i + 1} has no __k`);
      }
      return;
    }
    if (!contentType.includes('application/json')) {
      this.failures.push(`${method} ${path}: content-type ${contentType}`);
      return;
    }
    let json: unknown;
    try {
      json = JSON.parse(body.toString('utf8'));
    } catch {
      this.failures.push(`${method} ${path}: body is not JSON`);
      return;
    }
    this.failures.push(...conformanceErrors(method, path, status, json));
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
