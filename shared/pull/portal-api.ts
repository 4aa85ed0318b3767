// Flatfile's legacy Portal/Concierge API (v2/v3, api.<region>.flatfile.io): the few calls a batch pull needs.
// Shapes from ../shared/reference/flatfile-api.md §11 (Flatfile's legacy CLI and FlatFilers/sdk): REST takes
// `X-Api-Key: <AccessKeyId>+<SecretAccessKey>` (the `+` is part of the header) or a bearer token;
// `POST /auth/access-key/exchange` trades the key for a JWT that lives `expiresIn` seconds (60–86,400);
// GraphQL (`POST /graphql`) takes only the bearer token. No GraphQL query that lists batches is documented, so the
// GraphQL mode lists them over REST with the same token and reads rows with `getFinalDatabaseView`.
import { TransientError } from '../errors/index.js';
import { PullConfigError } from './errors.js';

export interface PortalKey {
  accessKeyId: string;
  secretAccessKey: string;
}

/** One submitted import as the legacy API lists it (camelCase; snake_case as the v2 adapter reports it is read too). */
export interface PortalBatch {
  id: string;
  status: string;
  filename?: string;
  endUser?: unknown;
  submittedAt?: string;
  createdAt?: string;
}

/** One row of a batch: its mapped values, and whether the end user dismissed it. */
export interface PortalRow {
  mapped: Record<string, unknown>;
  dismissed: boolean;
}

export const PORTAL_TOKEN_SECONDS = 3600;
/** A cached token is renewed this long before it runs out, so no call goes out with a token about to expire. */
const RENEW_BEFORE_MS = 60_000;

/** The API root of a region; `override` (FLATFILE_PORTAL_URL, the emulator locally) wins. */
export function portalBaseUrl(region: string, override?: string): string {
  return (override ?? `https://api.${region}.flatfile.io`).replace(/\/+$/, '');
}

/** Bearer tokens by API root and key id, shared by the pulls of one process (a Lambda container). */
export class PortalTokens {
  private readonly tokens = new Map<string, { token: string; renewAt: number }>();
  /** Exchanges done: lets tests see a token reused, renewed or refreshed. */
  exchanges = 0;

  async get(base: string, key: PortalKey, now: Date, fresh = false): Promise<string> {
    const id = `${base}\0${key.accessKeyId}`;
    const cached = this.tokens.get(id);
    if (!fresh && cached && now.getTime() < cached.renewAt) return cached.token;
    const res = await send(`${base}/auth/access-key/exchange`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey, expiresIn: PORTAL_TOKEN_SECONDS }),
    });
    this.exchanges++;
    const body = (await res.json()) as { accessToken?: unknown };
    if (typeof body.accessToken !== 'string' || !body.accessToken) {
      throw new PullConfigError('bad-config', `legacy Portal ${base}: the key exchange answered without an accessToken`);
    }
    this.tokens.set(id, { token: body.accessToken, renewAt: now.getTime() + PORTAL_TOKEN_SECONDS * 1000 - RENEW_BEFORE_MS });
    return body.accessToken;
  }

  forget(base: string, key: PortalKey): void {
    this.tokens.delete(`${base}\0${key.accessKeyId}`);
  }
}

/** How one pull talks to the legacy API: REST with the key, or a bearer token for REST and GraphQL. */
export class PortalApi {
  constructor(
    private readonly base: string,
    private readonly key: PortalKey,
    private readonly mode: 'rest' | 'graphql',
    private readonly tokens: PortalTokens,
    private readonly now: () => Date,
  ) {}

  /** Every batch of the license, page by page (`skip`/`take`). */
  async *batches(licenseKey: string, take = 100): AsyncGenerator<PortalBatch> {
    for (let skip = 0; ; ) {
      const q = new URLSearchParams({ licenseKey, skip: String(skip), take: String(take) });
      const page = (await this.rest(`/rest/batches?${q}`)) as { data?: unknown[]; pagination?: { totalCount?: number } };
      const data = Array.isArray(page.data) ? page.data : [];
      for (const raw of data) yield batchOf(raw);
      skip += data.length;
      const total = page.pagination?.totalCount;
      if (data.length < take || (typeof total === 'number' && skip >= total)) return;
    }
  }

  /** A batch's rows, one page per yield. */
  async *rows(batchId: string, take: number): AsyncGenerator<PortalRow[]> {
    for (let skip = 0; ; ) {
      const { rows, total } = this.mode === 'rest' ? await this.restRows(batchId, skip, take) : await this.graphqlRows(batchId, skip, take);
      if (rows.length > 0) yield rows;
      skip += rows.length;
      if (rows.length < take || (total !== undefined && skip >= total)) return;
    }
  }

  private async restRows(batchId: string, skip: number, take: number): Promise<{ rows: PortalRow[]; total?: number }> {
    const page = (await this.rest(`/rest/batch/${encodeURIComponent(batchId)}/rows?skip=${skip}&take=${take}`)) as {
      data?: { mapped?: unknown; status?: unknown }[];
      pagination?: { totalCount?: number };
    };
    const rows = (page.data ?? []).map((r) => rowOf(r.mapped, r.status, batchId));
    const total = page.pagination?.totalCount;
    return { rows, ...(typeof total === 'number' ? { total } : {}) };
  }

  private async graphqlRows(batchId: string, skip: number, limit: number): Promise<{ rows: PortalRow[]; total?: number }> {
    const data = (await this.graphql(
      'query GetFinalDatabaseView($skip: Int, $batchId: UUID, $limit: Int!) { getFinalDatabaseView(skip: $skip, limit: $limit, batchId: $batchId) { rows totalRows } }',
      { batchId, skip, limit },
    )) as { getFinalDatabaseView?: { rows?: { data?: unknown; status?: unknown }[]; totalRows?: number } };
    const view = data.getFinalDatabaseView;
    if (!view || !Array.isArray(view.rows)) throw new Error(`legacy Portal ${this.base}: getFinalDatabaseView answered without rows`);
    return { rows: view.rows.map((r) => rowOf(r.data, r.status, batchId)), ...(typeof view.totalRows === 'number' ? { total: view.totalRows } : {}) };
  }

  private async rest(path: string): Promise<unknown> {
    if (this.mode === 'rest') {
      const res = await send(`${this.base}${path}`, { headers: { 'x-api-key': `${this.key.accessKeyId}+${this.key.secretAccessKey}` } });
      return res.json();
    }
    return this.withToken(async (token) => (await send(`${this.base}${path}`, { headers: { authorization: `Bearer ${token}` } })).json());
  }

  private graphql(query: string, variables: Record<string, unknown>): Promise<unknown> {
    return this.withToken(async (token) => {
      const res = await send(`${this.base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await res.json()) as { data?: unknown; errors?: { message?: string; extensions?: { code?: string } }[] };
      const error = body.errors?.[0];
      if (error) {
        const message = `legacy Portal ${this.base} GraphQL: ${error.message ?? 'error'}`;
        if (error.extensions?.code === 'UNAUTHENTICATED' || /unauthori[sz]ed/i.test(error.message ?? '')) throw new TokenRefused(message);
        if (error.extensions?.code === 'FORBIDDEN') throw new PullConfigError('forbidden', message);
        throw new PullConfigError('bad-config', message);
      }
      return body.data ?? {};
    });
  }

  /** Runs a call with the cached token; a token refused (expired early, revoked) is exchanged anew once. */
  private async withToken<T>(call: (token: string) => Promise<T>): Promise<T> {
    try {
      return await call(await this.tokens.get(this.base, this.key, this.now()));
    } catch (e) {
      if (!(e instanceof TokenRefused)) throw e;
      this.tokens.forget(this.base, this.key);
      try {
        return await call(await this.tokens.get(this.base, this.key, this.now(), true));
      } catch (again) {
        if (again instanceof TokenRefused) throw new PullConfigError('auth', `${again.message}: a fresh token was refused too`);
        throw again;
      }
    }
  }
}

/** A 401 to a bearer token: worth one fresh token, unlike a 401 to the key itself. */
class TokenRefused extends Error {}

async function send(url: string, init: RequestInit): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(url, init);
  } catch (e) {
    throw new TransientError(`legacy Portal ${new URL(url).origin}: ${(e as Error).message}`, { cause: e });
  }
  if (res.ok) return res;
  const detail = await res.text().catch(() => '');
  const where = `legacy Portal ${new URL(url).origin}${new URL(url).pathname} answered ${res.status}`;
  const bearer = new Headers(init.headers).has('authorization');
  if (res.status === 401 && bearer) throw new TokenRefused(where);
  if (res.status === 401) throw new PullConfigError('auth', `${where}: the access key id or secret is wrong; check the credentials secret`);
  if (res.status === 403) throw new PullConfigError('forbidden', `${where}: the key may not read this license's batches`);
  if (res.status === 404) throw new PullConfigError('not-found', `${where}: check the license key and region`);
  if (res.status === 408 || res.status === 429 || res.status >= 500) throw new TransientError(where);
  throw new PullConfigError('bad-config', `${where}: ${message(detail)}`);
}

/** The server's own message (`{statusCode, message}` or `{error}`), never the request. */
function message(body: string): string {
  try {
    const parsed = JSON.parse(body) as { message?: unknown; error?: unknown };
    return String(parsed.message ?? parsed.error ?? '').slice(0, 200);
  } catch {
    return body.slice(0, 200);
  }
}

function batchOf(raw: unknown): PortalBatch {
  const b = (raw ?? {}) as Record<string, unknown>;
  const str = (...names: string[]) => names.map((n) => b[n]).find((v): v is string => typeof v === 'string');
  const id = str('id', 'batchID', 'batchId');
  if (!id) throw new Error('legacy Portal listed a batch without an id');
  const out: PortalBatch = { id, status: str('status') ?? '' };
  const filename = str('filename', 'originalFile');
  const submittedAt = str('submittedAt', 'submitted_at');
  const createdAt = str('createdAt', 'created_at');
  if (filename) out.filename = filename;
  if (submittedAt) out.submittedAt = submittedAt;
  if (createdAt) out.createdAt = createdAt;
  if (b.endUser !== undefined && b.endUser !== null) out.endUser = b.endUser;
  return out;
}

function rowOf(mapped: unknown, status: unknown, batchId: string): PortalRow {
  if (typeof mapped !== 'object' || mapped === null || Array.isArray(mapped)) {
    throw new Error(`legacy Portal batch ${batchId}: a row without mapped values`);
  }
  return { mapped: mapped as Record<string, unknown>, dismissed: status === 'dismissed' };
}
