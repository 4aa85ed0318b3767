import type { Command } from 'commander';
import { addInboxOption, addLedgerOption, addManifestOption, type ManifestOption, type TargetOption } from '../options.js';

/**
 * `flatfeed pull <feed>`: one pull of a feed's source into the inbox now, as its schedule would: into the dev stack
 * (its .flatfeed/dev.json), or AWS named by --inbox-bucket/--ledger-table or INBOX_BUCKET/LEDGER_TABLE.
 */
export function registerPullCommand(program: Command): void {
  const cmd = program
    .command('pull')
    .description("Pull a feed's source (s3, https, sftp, flatfile-portal) into the inbox now")
    .argument('<feed>', 'feed name from the manifest');
  addInboxOption(cmd);
  addLedgerOption(cmd);
  addManifestOption(cmd);
  cmd.action(async (feed: string, opts: TargetOption & ManifestOption) => {
    const [{ CliError }, { createDocumentClient }, { Ledger }, { loadManifest }, { defaultPullDeps, isPullConfigError, pullFeed, pullSecretVar }, { manifestPath }, { resolveTarget }] = await Promise.all([
      import('../cli-error.js'),
      import('../../shared/aws/clients.js'),
      import('../../shared/ledger/index.js'),
      import('../../shared/manifest/index.js'),
      import('../../shared/pull/index.js'),
      import('../options.js'),
      import('../target.js'),
    ]);
    const manifest = await loadManifest(await manifestPath(opts));
    const target = await resolveTarget(opts);
    try {
      if (!target.inboxBucket || !target.ledgerTable) {
        throw new CliError('no inbox bucket or ledger table: start `npm run dev`, or pass --inbox-bucket and --ledger-table (or set INBOX_BUCKET and LEDGER_TABLE)');
      }
      const log = {
        info: (message: string, details?: Record<string, unknown>) => console.log(message, details ?? ''),
        warn: (message: string, details?: Record<string, unknown>) => console.warn(message, details ?? ''),
      };
      const deps = defaultPullDeps({ s3: target.s3, inboxBucket: target.inboxBucket, ledger: new Ledger(createDocumentClient(target.dynamodb), target.ledgerTable), log });
      try {
        const report = await pullFeed(deps, manifest, feed);
        for (const key of report.copied) console.log(`copied s3://${deps.inbox.bucket}/${key}`);
        console.log(`${report.copied.length} copied, ${report.skipped} already pulled`);
      } catch (e) {
        if (!isPullConfigError(e)) throw e;
        const pull = manifest.feeds.find((f) => f.name === feed)?.source.pull;
        const secret = pull?.type === 'sftp' || pull?.type === 'flatfile-portal' ? pull.credentialsSecret : pull?.type === 'https' ? pull.headersSecret : undefined;
        throw new CliError(`${e.message}${secret ? ` (without Secrets Manager, set ${pullSecretVar(secret)} to the secret's value)` : ''}`);
      }
    } finally {
      target.destroy();
    }
  });
}
