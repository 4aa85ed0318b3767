import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { Agent } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pullFeed } from '../../../shared/pull/index.js';
import { startHttpsServer, type TestHttpsServer } from './https-server.js';
import { startSftpServer, type TestSftpServer } from './sftp-server.js';
import { pullManifest, startPullStack, type PullStack } from './support.js';

// `backfill: {days: 30}` on a feed's first scheduled pull, against real servers (SFTP and HTTPS on 127.0.0.1): what is
// older than 30 days before that first pull is left, what is newer is taken, and overlapping pulls take each once.
// The stack's clock (support.ts) stands at 2025-06-10T09:00Z, so the cutoff is 2025-05-11T09:00Z.

const user = { username: 'partner', password: 'correct horse' };
const token = 'backfill-token';
const noRetry = { attempts: 1, baseDelayMs: 1 };
const at = (iso: string) => new Date(iso);

let root: string;
let sftp: TestSftpServer;
let https: TestHttpsServer;
let agent: Agent;
let stack: PullStack;
let manifest: ReturnType<typeof pullManifest>;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'flatfeed-backfill-'));
  mkdirSync(join(root, 'out'), { recursive: true });
  const files: [string, string][] = [
    ['2025-03-01.csv', '2025-03-01T06:00:00Z'],
    ['2025-05-10.csv', '2025-05-10T06:00:00Z'],
    ['2025-05-12.csv', '2025-05-12T06:00:00Z'],
    ['2025-06-09.csv', '2025-06-09T06:00:00Z'],
  ];
  for (const [name, mtime] of files) {
    writeFileSync(join(root, 'out', name), `id\n${name}\n`);
    utimesSync(join(root, 'out', name), at(mtime), at(mtime));
  }
  sftp = await startSftpServer(root, user);
  https = await startHttpsServer(token);
  agent = new Agent({ ca: https.cert });
  const schedule = { cron: '0 6 * * ? *' };
  manifest = pullManifest([
    {
      name: 'sftp-backfill',
      inboxPrefix: 'sftp/backfill/',
      pull: { type: 'sftp', host: '127.0.0.1', port: sftp.port, username: user.username, credentialsSecret: 'partner/sftp', hostKey: sftp.fingerprint, path: '/out', backfill: { days: 30 }, schedule },
    },
    { name: 'https-old', inboxPrefix: 'https/old/', pull: { type: 'https', url: `${https.origin}/old.csv`, headersSecret: 'partner/headers', backfill: { days: 30 }, schedule } },
    { name: 'https-new', inboxPrefix: 'https/new/', pull: { type: 'https', url: `${https.origin}/new.csv`, headersSecret: 'partner/headers', backfill: { days: 30 }, schedule } },
  ]);
  stack = await startPullStack(manifest, {
    'partner/sftp': JSON.stringify({ password: user.password }),
    'partner/headers': JSON.stringify({ Authorization: `Bearer ${token}` }),
  });
});
afterAll(async () => {
  agent?.destroy();
  await https?.stop();
  await sftp?.stop();
  await stack?.local.stop();
  rmSync(root, { recursive: true, force: true });
});

describe('backfill: {days: 30} on the first scheduled pull', () => {
  it('sftp: overlapping first pulls take the files of the last 30 days, each once, and leave the older ones', async () => {
    const pulls = await Promise.all([1, 2, 3].map(() => pullFeed(stack.deps(), manifest, 'sftp-backfill', noRetry)));
    const copied = pulls.flatMap((p) => p.copied);
    // Exactly once across the three: no key copied by two of them.
    expect(copied.sort()).toEqual(['sftp/backfill/2025-05-12.csv', 'sftp/backfill/2025-06-09.csv']);
    expect(await stack.inboxKeys('sftp/backfill/')).toEqual(['sftp/backfill/2025-05-12.csv', 'sftp/backfill/2025-06-09.csv']);
    for (const p of pulls) expect(p.tooOld).toBe(2);

    // A later pull keeps the first pull's cutoff: a new file is taken, the old ones still are not.
    writeFileSync(join(root, 'out', '2025-06-10.csv'), 'id\n2025-06-10.csv\n');
    const later = await pullFeed(stack.deps({ now: () => at('2025-07-01T09:00:00Z') }), manifest, 'sftp-backfill', noRetry);
    expect(later).toMatchObject({ copied: ['sftp/backfill/2025-06-10.csv'], skipped: 2, tooOld: 2 });
  });

  it('https: a first pull skips a file last modified before the cutoff and takes one after it', async () => {
    https.serve('/old.csv', 'id\nold\n', { 'last-modified': 'Sat, 10 May 2025 06:00:00 GMT' });
    https.serve('/new.csv', 'id\nnew\n', { 'last-modified': 'Mon, 12 May 2025 06:00:00 GMT' });
    const deps = stack.deps({ httpsAgent: agent });
    expect(await pullFeed(deps, manifest, 'https-old', noRetry)).toMatchObject({ copied: [], tooOld: 1 });
    expect(await stack.inboxKeys('https/old/')).toEqual([]);
    const [a, b] = await Promise.all([pullFeed(deps, manifest, 'https-new', noRetry), pullFeed(deps, manifest, 'https-new', noRetry)]);
    expect([...a!.copied, ...b!.copied]).toEqual(['https/new/2025-05-12/new.csv']);
    expect(await stack.inboxText('https/new/2025-05-12/new.csv')).toBe('id\nnew\n');
  });
});
