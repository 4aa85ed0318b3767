import type { Command } from 'commander';
import { createDocumentClient, createS3Client } from '../../shared/aws/clients.js';
import { Ledger } from '../../shared/ledger/index.js';
import { DEFAULT_MANIFEST_PATH, loadManifest } from '../../shared/manifest/index.js';
import { defaultPullDeps, isPullConfigError, pullFeed, pullSecretVar } from '../../shared/pull/index.js';

/**
 * `flatfeed pull <feed>`: one pull of a feed's source into the inbox now, as its schedule would. It talks to whatever
 * AWS the environment points at: real credentials, or the local stack's AWS_ENDPOINT_URL_* (printed by `flatfeed dev`).
 */
export function registerPullCommand(program: Command): void {
  program
    .command('pull')
    .description("Pull a feed's source (s3, https, sftp) into the inbox now")
    .argument('<feed>', 'feed name from the manifest')
    .option('-m, --manifest <path>', 'feed manifest', DEFAULT_MANIFEST_PATH)
    .option('--inbox-bucket <name>', 'inbox bucket (default: $INBOX_BUCKET or flatfeed-inbox)')
    .option('--ledger-table <name>', 'ledger table (default: $LEDGER_TABLE or flatfeed-ledger)')
    .action(async (feed: string, opts: { manifest: string; inboxBucket?: string; ledgerTable?: string }) => {
      const manifest = await loadManifest(opts.manifest);
      const ledger = new Ledger(createDocumentClient(), opts.ledgerTable ?? process.env.LEDGER_TABLE ?? 'flatfeed-ledger');
      const log = {
        info: (message: string, details?: Record<string, unknown>) => console.log(message, details ?? ''),
        warn: (message: string, details?: Record<string, unknown>) => console.warn(message, details ?? ''),
      };
      const deps = defaultPullDeps({
        s3: createS3Client(),
        inboxBucket: opts.inboxBucket ?? process.env.INBOX_BUCKET ?? 'flatfeed-inbox',
        ledger,
        log,
      });
      try {
        const report = await pullFeed(deps, manifest, feed);
        for (const key of report.copied) console.log(`copied s3://${deps.inbox.bucket}/${key}`);
        console.log(`${report.copied.length} copied, ${report.skipped} already pulled`);
      } catch (e) {
        if (!isPullConfigError(e)) throw e;
        const pull = manifest.feeds.find((f) => f.name === feed)?.source.pull;
        const secret = pull?.type === 'sftp' ? pull.credentialsSecret : pull?.type === 'https' ? pull.headersSecret : undefined;
        program.error(
          `${e.message}${secret ? `\n(without Secrets Manager, set ${pullSecretVar(secret)} to the secret's value)` : ''}`,
        );
      }
    });
}
