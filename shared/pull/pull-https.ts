import { request, type Agent } from 'node:https';
import type { IncomingMessage } from 'node:http';
import { basename } from 'node:path';
import type { Feed } from '../manifest/index.js';
import { TransientError } from '../errors/index.js';
import { backfillCutoff, beforeCutoff } from './backfill.js';
import { PullConfigError } from './errors.js';
import { putInbox } from './inbox.js';
import { secretJson } from './secrets.js';
import type { PullContext, PullReport } from './types.js';

type HttpsPull = Extract<NonNullable<Feed['source']['pull']>, { type: 'https' }>;

/** The validators of the last download, sent back as If-None-Match / If-Modified-Since. */
interface Validators {
  etag?: string;
  lastModified?: string;
}

const MAX_REDIRECTS = 3;

/**
 * GETs the URL unless unchanged since the last pull (304); a 200 streams into the inbox under a deterministic key,
 * once per content however many pulls overlap.
 */
export async function pullHttps(ctx: PullContext, pull: HttpsPull): Promise<PullReport> {
  const report: PullReport = { feed: ctx.feed, source: 'https', copied: [], skipped: 0, tooOld: 0 };
  const cutoff = await backfillCutoff(ctx, pull.backfill);
  const memoryId = `https#${pull.url}`;
  const previous = (await ctx.memory.get<Validators>(memoryId)) ?? {};
  const headers: Record<string, string> = {};
  if (pull.headersSecret) {
    for (const [k, v] of Object.entries(secretJson(`headers secret "${pull.headersSecret}"`, await ctx.secret(pull.headersSecret)))) {
      headers[k] = String(v);
    }
  }
  if (previous.etag) headers['if-none-match'] = previous.etag;
  if (previous.lastModified) headers['if-modified-since'] = previous.lastModified;

  const res = await get(new URL(pull.url), headers, ctx.httpsAgent);
  if (res.statusCode === 304) {
    res.resume();
    report.skipped++;
    return report;
  }
  if (beforeCutoff(cutoff, res.headers['last-modified'])) {
    res.resume();
    report.tooOld!++;
    return report;
  }
  const key = `${ctx.inboxPrefix}${dayOf(res, ctx.now())}/${fileName(res, pull.url)}`;
  const validators: Validators = {
    ...(res.headers.etag ? { etag: res.headers.etag } : {}),
    ...(res.headers['last-modified'] ? { lastModified: res.headers['last-modified'] } : {}),
  };
  // This content (its validators; without any, its inbox key) is copied once: an overlapping pull that got the same
  // 200 leaves it to the first.
  const content = validators.etag ?? validators.lastModified ?? key;
  const done = await ctx.memory.copyOnce(`${memoryId}#${content}`, async () => {
    await putInbox(ctx.inbox, key, res, res.headers['content-type']);
    await ctx.memory.set(memoryId, validators);
    return key;
  });
  if ('copied' in done) report.copied.push(done.copied);
  else {
    res.resume();
    report.skipped++;
  }
  return report;
}

/** A 200 or 304 response (redirects followed); anything else is a transient or a configuration error. */
async function get(url: URL, headers: Record<string, string>, agent: Agent | undefined, hops = 0): Promise<IncomingMessage> {
  const res = await new Promise<IncomingMessage>((resolve, reject) => {
    request(url, { method: 'GET', headers, ...(agent ? { agent } : {}) }, resolve).on('error', reject).end();
  });
  const status = res.statusCode ?? 0;
  if (status === 200 || status === 304) return res;
  res.resume(); // drain the body so the socket is freed
  const location = res.headers.location;
  if ([301, 302, 303, 307, 308].includes(status) && location && hops < MAX_REDIRECTS) {
    const next = new URL(location, url);
    if (next.protocol !== 'https:') throw new PullConfigError('bad-config', `https source ${safe(url)} redirects to non-https ${safe(next)}`);
    // Credentials in the headers stay with the host they were meant for.
    return get(next, next.host === url.host ? headers : {}, agent, hops + 1);
  }
  const what = `https source ${safe(url)} answered ${status}`;
  if (status === 408 || status === 429 || status >= 500) throw new TransientError(what);
  if (status === 401) throw new PullConfigError('auth', `${what}: check the headers secret`);
  if (status === 403) throw new PullConfigError('forbidden', what);
  if (status === 404 || status === 410) throw new PullConfigError('not-found', `${what}: check the URL`);
  throw new PullConfigError('bad-config', what);
}

/** The URL without query string (tokens live there sometimes). */
function safe(url: URL): string {
  return `${url.origin}${url.pathname}`;
}

/** Content-Disposition's file name, else the URL path's last segment; only characters safe in a key. */
function fileName(res: IncomingMessage, url: string): string {
  const disposition = res.headers['content-disposition'] ?? '';
  const star = /filename\*\s*=\s*[^']*'[^']*'([^;]+)/i.exec(disposition)?.[1];
  const plain = /filename\s*=\s*"?([^";]+)"?/i.exec(disposition)?.[1];
  let name = star ? safeDecode(star) : plain ?? basename(new URL(url).pathname);
  name = basename(name.replace(/\\/g, '/')).replace(/[^A-Za-z0-9._-]/g, '_');
  return name && name !== '.' && name !== '..' ? name : 'download';
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s.trim());
  } catch {
    return s.trim();
  }
}

/** The content's day (Last-Modified), else the pull's: the same content lands on the same key when pulled again. */
function dayOf(res: IncomingMessage, now: Date): string {
  const modified = res.headers['last-modified'] ? new Date(res.headers['last-modified']) : undefined;
  return (modified && !Number.isNaN(modified.getTime()) ? modified : now).toISOString().slice(0, 10);
}
