import { allowed, type ProxyRule } from './allow-list.js';
import { callFlatfile, checkApiPath, METHODS, type FlatfileKey } from './call.js';

// The proxy function's logic: internal callers (IAM-authenticated at the Function URL) reach Flatfile without holding
// its key, only on the methods and paths the manifest allows. Every request leaves one audit line: who, what, the
// answer — never a body, a query string or a key.

export interface ProxyRequest {
  method: string;
  path: string;
  rawQueryString?: string;
  body?: string;
  isBase64Encoded?: boolean;
  contentType?: string;
  /** The caller's IAM identity (the Function URL's authorizer), for the audit line. */
  caller?: string;
}

export interface ProxyResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

export interface AuditEntry {
  caller: string;
  method: string;
  path: string;
  status: number;
  outcome: 'forwarded' | 'refused';
  reason?: string;
}

export interface ProxyDeps {
  rules: readonly ProxyRule[];
  maxBodyBytes: number;
  key(): Promise<FlatfileKey>;
  audit(entry: AuditEntry): void;
}

export async function proxyRequest(deps: ProxyDeps, req: ProxyRequest): Promise<ProxyResponse> {
  const method = req.method.toUpperCase();
  const path = req.path;
  const entry = { caller: req.caller ?? 'unknown', method, path };
  const refuse = (status: number, reason: string, message: string): ProxyResponse => {
    deps.audit({ ...entry, status, outcome: 'refused', reason });
    return { statusCode: status, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ error: reason, message }) };
  };
  if (!(METHODS as readonly string[]).includes(method)) return refuse(405, 'method-not-allowed', `${method} is not proxied`);
  const badPath = checkApiPath(path);
  if (badPath) return refuse(400, 'bad-path', badPath);
  if (!allowed(deps.rules, method, path)) {
    return refuse(403, 'not-allowed', `${method} ${path} is not in the manifest's proxy.allow list`);
  }
  const body = req.body === undefined ? undefined : req.isBase64Encoded ? Buffer.from(req.body, 'base64').toString('utf8') : req.body;
  if (body !== undefined && Buffer.byteLength(body) > deps.maxBodyBytes) {
    return refuse(413, 'too-large', `the body is larger than ${deps.maxBodyBytes} bytes`);
  }
  const reply = await callFlatfile(await deps.key(), {
    method,
    path: req.rawQueryString ? `${path}?${req.rawQueryString}` : path,
    ...(body !== undefined && body !== '' ? { body } : {}),
    ...(req.contentType ? { contentType: req.contentType } : {}),
  });
  deps.audit({ ...entry, status: reply.status, outcome: 'forwarded' });
  return { statusCode: reply.status, headers: { 'content-type': reply.contentType }, body: reply.body };
}
