import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pullFeed, PullConfigError } from '../../../shared/pull/index.js';
import { startSftpServer, type TestSftpServer } from './sftp-server.js';
import { pullManifest, startPullStack, type PullStack } from './support.js';

const user = { username: 'partner', password: 'correct horse' };
const noRetry = { attempts: 1, baseDelayMs: 1 };

describe('sftp pull (real SSH server on 127.0.0.1, host key pinned)', () => {
  let root: string;
  let server: TestSftpServer;
  let stack: PullStack;
  let manifest: ReturnType<typeof pullManifest>;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'flatfeed-sftp-'));
    for (const dir of ['remember/out', 'move/out', 'move/done']) mkdirSync(join(root, dir), { recursive: true });
    writeFileSync(join(root, 'remember/out/a.csv'), 'id\n1\n');
    writeFileSync(join(root, 'remember/out/b.csv'), 'id\n2\n');
    writeFileSync(join(root, 'remember/out/notes.txt'), 'not a feed file');
    writeFileSync(join(root, 'move/out/c.csv'), 'id\n3\n');
    server = await startSftpServer(root, user);
    const sftp = (path: string, extra: Record<string, unknown>) => ({
      type: 'sftp',
      host: '127.0.0.1',
      port: server.port,
      username: user.username,
      credentialsSecret: 'partner/sftp',
      hostKey: server.fingerprint,
      path,
      schedule: { cron: '0 6 * * ? *' },
      ...extra,
    });
    manifest = pullManifest([
      { name: 'remembered', inboxPrefix: 'sftp/remembered/', pull: sftp('/remember/out', { pattern: '\\.csv$', afterPickup: 'remember' }) },
      { name: 'moved', inboxPrefix: 'sftp/moved/', pull: sftp('/move/out', { afterPickup: 'move', moveTo: '/move/done' }) },
      { name: 'wrong-key', inboxPrefix: 'sftp/wrong-key/', pull: sftp('/remember/out', { hostKey: `SHA256:${'A'.repeat(43)}` }) },
      { name: 'wrong-password', inboxPrefix: 'sftp/wrong-password/', pull: sftp('/remember/out', { credentialsSecret: 'partner/bad' }) },
    ]);
    stack = await startPullStack(manifest, {
      'partner/sftp': JSON.stringify({ password: user.password }),
      'partner/bad': JSON.stringify({ password: 'wrong' }),
    });
  });
  afterAll(async () => {
    await server?.stop();
    await stack?.local.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('copies new files matching the pattern into the inbox; a second pull copies nothing', async () => {
    const first = await pullFeed(stack.deps(), manifest, 'remembered', noRetry);
    expect(first.copied.sort()).toEqual(['sftp/remembered/a.csv', 'sftp/remembered/b.csv']);
    expect(await stack.inboxKeys('sftp/remembered/')).toEqual(['sftp/remembered/a.csv', 'sftp/remembered/b.csv']);
    expect(await stack.inboxText('sftp/remembered/b.csv')).toBe('id\n2\n');

    const second = await pullFeed(stack.deps(), manifest, 'remembered', noRetry);
    expect(second).toMatchObject({ copied: [], skipped: 2 });
    // Remembered files stay where they are on the server.
    expect(readdirSync(join(root, 'remember/out')).sort()).toEqual(['a.csv', 'b.csv', 'notes.txt']);
  });

  it('a changed file is picked up again', async () => {
    writeFileSync(join(root, 'remember/out/a.csv'), 'id\n1\n10\n');
    const report = await pullFeed(stack.deps(), manifest, 'remembered', noRetry);
    expect(report).toMatchObject({ copied: ['sftp/remembered/a.csv'], skipped: 1 });
    expect(await stack.inboxText('sftp/remembered/a.csv')).toBe('id\n1\n10\n');
  });

  it('move: files are moved to moveTo after pickup', async () => {
    const report = await pullFeed(stack.deps(), manifest, 'moved', noRetry);
    expect(report.copied).toEqual(['sftp/moved/c.csv']);
    expect(await stack.inboxText('sftp/moved/c.csv')).toBe('id\n3\n');
    expect(readdirSync(join(root, 'move/out'))).toEqual([]);
    expect(readdirSync(join(root, 'move/done'))).toEqual(['c.csv']);
    expect(await pullFeed(stack.deps(), manifest, 'moved', noRetry)).toMatchObject({ copied: [], skipped: 0 });
  });

  it('refuses a host whose key does not match the pinned fingerprint', async () => {
    const err = await pullFeed(stack.deps(), manifest, 'wrong-key', noRetry).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PullConfigError);
    expect(err).toMatchObject({ problem: 'host-key' });
    expect((err as Error).message).toContain(server.fingerprint);
    expect(await stack.inboxKeys('sftp/wrong-key/')).toEqual([]);
  });

  it('a wrong password is a configuration error, not retried', async () => {
    let attempts = 0;
    const deps = stack.deps({ log: { info: () => undefined, warn: () => attempts++ } });
    const err = await pullFeed(deps, manifest, 'wrong-password', { attempts: 3, baseDelayMs: 1 }).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'PullConfigError', problem: 'auth' });
    expect(attempts).toBe(0);
  });
});
