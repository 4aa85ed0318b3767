import type { Readable } from 'node:stream';
import SftpClient from 'ssh2-sftp-client';
import type { Feed } from '../manifest/index.js';
import { TransientError } from '../errors/index.js';
import { backfillCutoff, beforeCutoff } from './backfill.js';
import { PullConfigError } from './errors.js';
import { hostKeyFingerprint, sameFingerprint } from './host-key.js';
import { putInbox } from './inbox.js';
import { secretJson } from './secrets.js';
import type { PullContext, PullReport } from './types.js';

type SftpPull = Extract<NonNullable<Feed['source']['pull']>, { type: 'sftp' }>;

/**
 * Lists the remote directory and streams each new file into the inbox, then moves it to `moveTo`; each file (path,
 * size, mtime) is a ledger step taken before the copy, so overlapping pulls copy it once. The host key is pinned: any other key is refused before credentials are sent.
 */
export async function pullSftp(ctx: PullContext, pull: SftpPull): Promise<PullReport> {
  if (pull.afterPickup === 'move' && !pull.moveTo) {
    throw new PullConfigError('bad-config', `sftp source ${pull.host}: afterPickup "move" needs moveTo`);
  }
  const report: PullReport = { feed: ctx.feed, source: 'sftp', copied: [], skipped: 0, tooOld: 0 };
  const cutoff = await backfillCutoff(ctx, pull.backfill);
  const sftp = await connect(ctx, pull);
  try {
    const pattern = pull.pattern ? new RegExp(pull.pattern, 'u') : undefined;
    const files = (await sftp.list(pull.path)).filter((f) => f.type === '-' && (!pattern || pattern.test(f.name)));
    for (const file of files) {
      if (beforeCutoff(cutoff, new Date(file.modifyTime))) {
        report.tooOld!++;
        continue;
      }
      const remote = `${pull.path.replace(/\/+$/, '')}/${file.name}`;
      const id = `sftp#${pull.host}:${pull.port}${remote}#${file.size}:${file.modifyTime}`;
      const done = await ctx.memory.copyOnce(
        id,
        async () => {
          const key = `${ctx.inboxPrefix}${file.name}`;
          await putInbox(ctx.inbox, key, sftp.createReadStream(remote) as unknown as Readable);
          if (pull.afterPickup === 'move') await sftp.rename(remote, `${pull.moveTo!.replace(/\/+$/, '')}/${file.name}`);
          return key;
        },
        // A moved file is gone from the listing: remembering it only has to outlast an overlapping pull's listing.
        pull.afterPickup === 'move' ? 1 : undefined,
      );
      if ('copied' in done) report.copied.push(done.copied);
      else report.skipped++;
    }
  } finally {
    await sftp.end().catch(() => undefined);
  }
  return report;
}

async function connect(ctx: PullContext, pull: SftpPull): Promise<SftpClient> {
  const secret = secretJson(`credentials secret "${pull.credentialsSecret}"`, await ctx.secret(pull.credentialsSecret));
  const auth =
    typeof secret.privateKey === 'string'
      ? { privateKey: secret.privateKey, ...(typeof secret.passphrase === 'string' ? { passphrase: secret.passphrase } : {}) }
      : typeof secret.password === 'string'
        ? { password: secret.password }
        : undefined;
  if (!auth) throw new PullConfigError('bad-config', `credentials secret "${pull.credentialsSecret}" has neither "password" nor "privateKey"`);

  let presented: string | undefined;
  const sftp = new SftpClient(`flatfeed-${ctx.feed}`);
  try {
    await sftp.connect({
      host: pull.host,
      port: pull.port,
      username: pull.username,
      ...auth,
      readyTimeout: ctx.sftpReadyTimeoutMs ?? 20_000,
      hostVerifier: (key: Buffer) => {
        presented = hostKeyFingerprint(key);
        return sameFingerprint(pull.hostKey, presented);
      },
    });
    return sftp;
  } catch (e) {
    await sftp.end().catch(() => undefined);
    const where = `sftp source ${pull.username}@${pull.host}:${pull.port}`;
    if (presented !== undefined && !sameFingerprint(pull.hostKey, presented)) {
      throw new PullConfigError('host-key', `${where}: host key ${presented} does not match the pinned ${pull.hostKey}; refusing to connect`, { cause: e });
    }
    const message = (e as Error).message;
    if (/authentication methods failed/i.test(message)) throw new PullConfigError('auth', `${where}: authentication failed; check the credentials secret`, { cause: e });
    if (/timed out/i.test(message)) throw new TransientError(`${where}: ${message}`, { cause: e });
    throw e;
  }
}
