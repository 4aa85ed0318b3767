import type { Command } from 'commander';
import { CliError } from '../cli-error.js';
import { loadManifest } from '../../shared/manifest/index.js';
import { dropFile } from '../drop-file.js';
import { resolveTarget } from '../target.js';

export function registerDropCommand(program: Command): void {
  program
    .command('drop')
    .description('Put a file into the inbox under a feed\'s prefix: the local dev stack (npm run dev) or AWS (--bucket / INBOX_BUCKET).')
    .argument('<file>', 'the partner file')
    .requiredOption('--feed <name>', 'the feed it belongs to')
    .option('--as <name>', 'object name under the prefix (default: the file\'s name)')
    .option('--bucket <name>', 'the inbox bucket on AWS (default: INBOX_BUCKET, or the dev stack\'s)')
    .option('-m, --manifest <path>', 'feed manifest', 'feeds/feeds.yaml')
    .action(async (file: string, opts: { feed: string; as?: string; bucket?: string; manifest: string }) => {
      const manifest = await loadManifest(opts.manifest);
      const feed = manifest.feeds.find((f) => f.name === opts.feed);
      if (!feed) throw new CliError(`no feed "${opts.feed}" in ${opts.manifest}; feeds: ${manifest.feeds.map((f) => f.name).join(', ')}`);
      const target = await resolveTarget({ ...(opts.bucket ? { bucket: opts.bucket } : {}) });
      try {
        if (!target.inboxBucket) throw new CliError('no inbox bucket: start `npm run dev`, or pass --bucket / set INBOX_BUCKET');
        const { key, size } = await dropFile(target.s3, target.inboxBucket, feed, file, opts.as);
        console.log(`${file} → s3://${target.inboxBucket}/${key} (${size} bytes) on ${target.where}`);
        console.log(`Follow it: npx flatfeed runs --feed ${feed.name}`);
      } finally {
        target.destroy();
      }
    });
}
