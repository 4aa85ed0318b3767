import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody } from '../http.js';
import { GraphQLRequestError, parseOperation } from './graphql.js';
import { LegacyPortal, type LegacyBatch } from './portal.js';

// The legacy Portal API (api.<region>.flatfile.io) as flatfeed's `flatfile-portal` pull uses it; shapes and sources
// in ../shared/reference/flatfile-api.md §11. Errors are NestJS's `{statusCode, message, error}`.

/** Paths the legacy API owns; the platform API lives under /v1 and /v2-alpha. */
export function isLegacyPath(path: string): boolean {
  return path.startsWith('/rest/') || path === '/graphql' || path.startsWith('/auth/');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const REASONS: Record<number, string> = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found' };

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

export async function handleLegacy(portal: LegacyPortal, req: IncomingMessage, res: ServerResponse, path: string, query: URLSearchParams): Promise<void> {
  const entry = { method: req.method ?? 'GET', path, auth: 'none' as 'key' | 'token' | 'none', status: 200 };
  portal.record(entry);
  const reply = (status: number, body: unknown) => {
    entry.status = status;
    send(res, status, body);
  };
  try {
    if (req.method === 'POST' && path === '/auth/access-key/exchange') return reply(201, await exchange(portal, req));
    if (path === '/graphql') {
      if (req.method !== 'POST') throw new HttpError(404, `Cannot ${req.method} ${path}`);
      const token = bearer(req);
      entry.auth = token ? 'token' : 'none';
      const out = await graphql(portal, req, token);
      return reply(out.status, out.body);
    }
    entry.auth = authenticate(portal, req);
    if (req.method !== 'GET') throw new HttpError(404, `Cannot ${req.method} ${path}`);
    const parts = path.split('/').filter(Boolean);
    if (parts.length === 2 && parts[1] === 'batches') return reply(200, listBatches(portal, query));
    if (parts.length === 3 && parts[1] === 'batch') return reply(200, LegacyPortal.meta(batchOf(portal, parts[2]!)));
    if (parts.length === 4 && parts[1] === 'batch' && parts[3] === 'rows') return reply(200, rows(batchOf(portal, parts[2]!), query));
    throw new HttpError(404, `Cannot GET ${path}`);
  } catch (e) {
    req.resume();
    if (e instanceof HttpError) return reply(e.status, { statusCode: e.status, message: e.message, error: REASONS[e.status] ?? 'Error' });
    throw e;
  }
}

async function json(req: IncomingMessage): Promise<Record<string, unknown>> {
  const raw = await readBody(req);
  try {
    const v = JSON.parse(raw.toString('utf8') || '{}') as unknown;
    if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw new HttpError(400, 'Request body must be a JSON object');
}

/** `{accessKeyId, secretAccessKey, expiresIn}` → `{accessToken, user}`; expiresIn from 60 s to 24 h. */
async function exchange(portal: LegacyPortal, req: IncomingMessage): Promise<unknown> {
  const body = await json(req);
  const { accessKeyId, secretAccessKey } = body;
  const expiresIn = body.expiresIn ?? 300;
  if (typeof expiresIn !== 'number' || !Number.isInteger(expiresIn) || expiresIn < 60 || expiresIn > 86_400) {
    throw new HttpError(400, 'expiresIn must be an integer from 60 to 86400');
  }
  if (typeof accessKeyId !== 'string' || typeof secretAccessKey !== 'string' || !portal.keyMatches(accessKeyId, secretAccessKey)) {
    throw new HttpError(401, 'Invalid access key credentials');
  }
  const at = new Date(portal.now()).toISOString();
  return {
    accessToken: portal.issueToken(accessKeyId, expiresIn),
    user: { id: 1, name: 'Emulator User', email: 'user@example.com', createdAt: at, updatedAt: at },
  };
}

function bearer(req: IncomingMessage): string | undefined {
  const m = /^Bearer (\S+)$/.exec(String(req.headers.authorization ?? ''));
  return m?.[1];
}

/** REST takes `X-Api-Key: <id>+<secret>` (the `+` is required) or a bearer token that has not expired. */
function authenticate(portal: LegacyPortal, req: IncomingMessage): 'key' | 'token' {
  const apiKey = req.headers['x-api-key'];
  if (typeof apiKey === 'string') {
    const plus = apiKey.indexOf('+');
    if (plus > 0 && portal.keyMatches(apiKey.slice(0, plus), apiKey.slice(plus + 1))) return 'key';
    throw new HttpError(401, 'Unauthorized');
  }
  const token = bearer(req);
  if (token && portal.tokenValid(token)) return 'token';
  throw new HttpError(401, 'Unauthorized');
}

function intParam(q: URLSearchParams, name: string, def: number, max: number): number {
  const raw = q.get(name);
  if (raw === null) return def;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > max) throw new HttpError(400, `${name} must be an integer from 0 to ${max}`);
  return n;
}

function listBatches(portal: LegacyPortal, q: URLSearchParams): unknown {
  const licenseKey = q.get('licenseKey');
  if (!licenseKey || !UUID.test(licenseKey)) throw new HttpError(400, 'licenseKey must be a UUID');
  const skip = intParam(q, 'skip', 0, Number.MAX_SAFE_INTEGER);
  const take = intParam(q, 'take', 50, 1000);
  const all = portal.batches.filter((b) => b.licenseKey === licenseKey);
  const page = all.slice(skip, skip + take);
  return { pagination: { totalCount: all.length, skip, take, onPage: page.length }, data: page.map((b) => LegacyPortal.meta(b)) };
}

function batchOf(portal: LegacyPortal, id: string): LegacyBatch {
  const b = portal.batches.find((x) => x.id === id);
  if (!b) throw new HttpError(404, `Batch ${id} not found`);
  return b;
}

function rows(batch: LegacyBatch, q: URLSearchParams): unknown {
  const skip = intParam(q, 'skip', 0, Number.MAX_SAFE_INTEGER);
  const take = intParam(q, 'take', 50, 100_000);
  const page = batch.rows.slice(skip, skip + take);
  return {
    pagination: { totalCount: batch.rows.length, skip, take, onPage: page.length },
    data: page.map((r) => ({ id: r.id, batchId: batch.id, status: r.status, valid: r.valid, mapped: r.mapped })),
  };
}

/** Apollo's answers: 200 with `errors` for unauthenticated and resolver errors, 400 for a request it cannot run. */
async function graphql(portal: LegacyPortal, req: IncomingMessage, token: string | undefined): Promise<{ status: number; body: unknown }> {
  const body = await json(req);
  let op;
  try {
    op = parseOperation(body.query, body.variables);
  } catch (e) {
    if (!(e instanceof GraphQLRequestError)) throw e;
    return { status: 400, body: { errors: [{ message: e.message, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }] } };
  }
  if (!token || !portal.tokenValid(token)) {
    return { status: 200, body: { errors: [{ message: 'Unauthorized', path: [op.name], extensions: { code: 'UNAUTHENTICATED' } }], data: null } };
  }
  const invalid = (message: string) => ({ status: 400, body: { errors: [{ message, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }] } });
  const known: Record<string, string[]> = { getFinalDatabaseView: ['rows', 'totalRows'], getBatch: ['id', 'status'] };
  const fields = known[op.name];
  if (!fields) return invalid(`Cannot query field "${op.name}" on type "Query".`);
  const unknown = op.selection.find((f) => !fields.includes(f));
  if (unknown) return invalid(`Cannot query field "${unknown}" on type "${op.name === 'getBatch' ? 'Batch' : 'FinalDatabaseView'}".`);
  const batchId = op.args.batchId;
  if (typeof batchId !== 'string' || !UUID.test(batchId)) return invalid('Argument "batchId" must be a UUID.');
  const batch = portal.batches.find((b) => b.id === batchId);
  if (!batch) return { status: 200, body: { errors: [{ message: `Batch ${batchId} not found`, path: [op.name], extensions: { code: 'NOT_FOUND' } }], data: null } };
  if (op.name === 'getBatch') return { status: 200, body: { data: { getBatch: pick({ id: batch.id, status: batch.status }, op.selection) } } };
  const { limit, skip = 0, status } = op.args;
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1) return invalid('Argument "limit" of type "Int!" is required.');
  if (typeof skip !== 'number' || !Number.isInteger(skip) || skip < 0) return invalid('Argument "skip" must be a non-negative Int.');
  const matching = batch.rows.filter((r) => status === undefined || r.status === status);
  const view = {
    rows: matching.slice(skip, skip + limit).map((r) => ({ id: r.id, valid: r.valid, status: r.status, data: r.mapped, info: [] })),
    totalRows: matching.length,
  };
  return { status: 200, body: { data: { getFinalDatabaseView: pick(view, op.selection) } } };
}

function pick(o: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((k) => [k, o[k]]));
}
