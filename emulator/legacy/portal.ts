import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { writeAtomic } from '../persistence.js';

// The state of the legacy Portal/Concierge product (v2/v3): access keys, the tokens exchanged for them, and the
// batches end users submitted through the embedded importer. Tests seed it through this class (the legacy product had
// no API to submit a batch on behalf of an end user: that was the importer's job).

export interface LegacyKey {
  accessKeyId: string;
  secretAccessKey: string;
}

export interface LegacyRow {
  id: number;
  /** The end user's verdict on the row: `dismissed` rows were dropped from the import. */
  status: 'review' | 'accepted' | 'dismissed';
  valid: boolean;
  mapped: Record<string, unknown>;
}

export interface LegacyEndUser {
  id: string;
  userId: string;
  name?: string;
  email?: string;
  companyName?: string;
}

export interface LegacyBatch {
  id: string;
  workspaceId: string;
  licenseKey: string;
  status: 'evaluating' | 'submitted' | 'failed';
  filename: string;
  endUser?: LegacyEndUser;
  createdAt: string;
  submittedAt?: string;
  rows: LegacyRow[];
}

export interface SubmitBatch {
  licenseKey: string;
  filename: string;
  rows: (Record<string, unknown> | { mapped: Record<string, unknown>; status: LegacyRow['status'] })[];
  endUser?: LegacyEndUser;
  /** When the end user pressed submit; the portal's clock by default. */
  submittedAt?: string;
  status?: LegacyBatch['status'];
}

/** One request as the legacy API saw it: which credential it carried and what it answered. */
export interface LegacyRequest {
  method: string;
  path: string;
  auth: 'key' | 'token' | 'none';
  status: number;
}

/** What `--data-dir` keeps of the legacy portal (`legacy.json`), so a restarted emulator serves the same keys,
 * tokens and batches, and still knows the requests it answered. */
interface Saved {
  keys: [string, string][];
  tokens: [string, { accessKeyId: string; expiresAt: number }][];
  batches: LegacyBatch[];
  requests: LegacyRequest[];
  exchanges: number;
  offsetMs: number;
}

/** The request log kept on disk: the newest entries only (a request is one small line; this bounds the file). */
const SAVED_REQUESTS = 10_000;
const DEBOUNCE_MS = 10;

export class LegacyPortal {
  private readonly keys = new Map<string, string>();
  private readonly tokens = new Map<string, { accessKeyId: string; expiresAt: number }>();
  readonly batches: LegacyBatch[] = [];
  readonly requests: LegacyRequest[] = [];
  /** Tokens issued by /auth/access-key/exchange. */
  exchanges = 0;
  private offsetMs = 0;
  private timer: NodeJS.Timeout | undefined;

  /** With `file` (the emulator's `--data-dir`), the state saved there is restored, and every change saved to it. */
  constructor(private readonly file?: string) {
    if (!file || !existsSync(file)) return;
    const saved = JSON.parse(readFileSync(file, 'utf8')) as Saved;
    saved.keys.forEach(([id, secret]) => this.keys.set(id, secret));
    saved.tokens.forEach(([token, t]) => this.tokens.set(token, t));
    this.batches.push(...saved.batches);
    this.requests.push(...saved.requests);
    this.exchanges = saved.exchanges;
    this.offsetMs = saved.offsetMs;
  }

  /** One request answered (its status is set when the answer is sent). */
  record(request: LegacyRequest): void {
    this.requests.push(request);
    this.changed();
  }

  /** Writes the state now (the emulator's stop); otherwise it is written 10 ms after a change. */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.file) return;
    const saved: Saved = {
      keys: [...this.keys],
      tokens: [...this.tokens],
      batches: this.batches,
      requests: this.requests.slice(-SAVED_REQUESTS),
      exchanges: this.exchanges,
      offsetMs: this.offsetMs,
    };
    writeAtomic(this.file, JSON.stringify(saved));
  }

  private changed(): void {
    if (this.file) this.timer ??= setTimeout(() => this.flush(), DEBOUNCE_MS);
  }

  /** The portal's clock: the machine's, moved forward by `advance` (token expiry in tests). */
  now(): number {
    return Date.now() + this.offsetMs;
  }

  advance(seconds: number): void {
    this.offsetMs += seconds * 1000;
    this.changed();
  }

  /** A new access key: `FF00` + 36 characters (40 in all), and a secret shown once. */
  createKey(): LegacyKey {
    const accessKeyId = `FF00${randomBytes(18).toString('hex').toUpperCase()}`;
    const secretAccessKey = randomBytes(24).toString('base64url');
    this.keys.set(accessKeyId, secretAccessKey);
    this.changed();
    return { accessKeyId, secretAccessKey };
  }

  keyMatches(accessKeyId: string, secretAccessKey: string): boolean {
    return this.keys.get(accessKeyId) === secretAccessKey;
  }

  issueToken(accessKeyId: string, expiresIn: number): string {
    const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const exp = Math.floor(this.now() / 1000) + expiresIn;
    const token = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ sub: accessKeyId, exp })}.${randomBytes(32).toString('base64url')}`;
    this.tokens.set(token, { accessKeyId, expiresAt: exp * 1000 });
    this.exchanges++;
    this.changed();
    return token;
  }

  /** A token is good until its expiry by the portal's clock. */
  tokenValid(token: string): boolean {
    const t = this.tokens.get(token);
    return !!t && this.now() < t.expiresAt && this.keys.has(t.accessKeyId);
  }

  submitBatch(input: SubmitBatch): LegacyBatch {
    const at = new Date(this.now()).toISOString();
    const batch: LegacyBatch = {
      id: randomUUID(),
      workspaceId: randomUUID(),
      licenseKey: input.licenseKey,
      status: input.status ?? 'submitted',
      filename: input.filename,
      ...(input.endUser ? { endUser: input.endUser } : {}),
      createdAt: input.submittedAt ?? at,
      ...((input.status ?? 'submitted') === 'submitted' ? { submittedAt: input.submittedAt ?? at } : {}),
      rows: input.rows.map((r, i) =>
        'mapped' in r && typeof r.mapped === 'object' && r.mapped !== null && 'status' in r
          ? { id: i + 1, status: r.status as LegacyRow['status'], valid: true, mapped: r.mapped as Record<string, unknown> }
          : { id: i + 1, status: 'accepted', valid: true, mapped: r as Record<string, unknown> },
      ),
    };
    this.batches.push(batch);
    this.changed();
    return batch;
  }

  /** Batch metadata as REST lists it: everything but the rows, plus their counts. */
  static meta(b: LegacyBatch): Record<string, unknown> {
    const { rows, ...rest } = b;
    return {
      ...rest,
      countRows: rows.length,
      countRowsAccepted: rows.filter((r) => r.status !== 'dismissed').length,
    };
  }
}
