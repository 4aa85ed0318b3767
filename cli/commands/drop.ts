import type { Command } from 'commander';
import { addInboxOption, addManifestOption, type ManifestOption, type TargetOption } from '../options.js';

export function registerDropCommand(program: Command): void {
  const cmd = program
    .command('drop')
    .description("Put a file into the inbox under a feed's prefix: the local dev stack (npm run dev) or AWS (--inbox-bucket / INBOX_BUCKET).")
    .argument('<file>', 'the partner file')
    .requiredOption('--feed <name>', 'the feed it belongs to')
    .option('--as <name>', "object name under the prefix (default: the file's name)")
    .option('--watch', 'then follow its run until it ends, with live progress, and show it');
  addInboxOption(cmd);
  addManifestOption(cmd);
  cmd.action(async (file: string, opts: { feed: string; as?: string; watch?: boolean } & TargetOption & ManifestOption) => {
    const [{ stat }, { CliError }, { loadManifest }, { manifestPath }, { dropFile }, { resolveTarget }] = await Promise.all([
      import('node:fs/promises'),
      import('../cli-error.js'),
      import('../../shared/manifest/index.js'),
      import('../options.js'),
      import('../drop-file.js'),
      import('../target.js'),
    ]);
    await stat(file); // a missing file is said before anything else is looked up
    const path = await manifestPath(opts);
    const manifest = await loadManifest(path);
    const feed = manifest.feeds.find((f) => f.name === opts.feed);
    if (!feed) throw new CliError(`no feed "${opts.feed}" in ${path}; feeds: ${manifest.feeds.map((f) => f.name).join(', ')}`);
    const target = await resolveTarget(opts);
    let runId: string;
    try {
      if (!target.inboxBucket) throw new CliError('no inbox bucket: start `npm run dev`, or pass --inbox-bucket / set INBOX_BUCKET');
      const dropped = await dropFile(target.s3, target.inboxBucket, feed, file, opts.as);
      runId = dropped.runId;
      console.log(`${file} → s3://${target.inboxBucket}/${dropped.key} (${dropped.size} bytes) on ${target.where}`);
      console.log(`run ${runId}: follow it with npx flatfeed run ${runId} --watch`);
    } finally {
      target.destroy();
    }
    if (opts.watch) {
      const { showRun } = await import('../show-run.js');
      await showRun(runId, { ...opts, watch: true, waitForRun: true });
    }
  });
}
