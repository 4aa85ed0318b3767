import type { Command } from 'commander';
import { loadManifest } from '../../shared/manifest/index.js';
import { startLocalRuntime } from '../../local/runtime.js';

export function registerDevCommand(program: Command): void {
  program
    .command('dev')
    .description('Keep the local stack running and report every file dropped into the inbox, until Ctrl-C.')
    .option('-m, --manifest <path>', 'feed manifest', 'feeds/feeds.yaml')
    .option('--data-dir <dir>', 'keep DynamoDB data here across restarts (S3 and SQS stay in memory)')
    .action(async (opts: { manifest: string; dataDir?: string }) => {
      const manifest = await loadManifest(opts.manifest);
      const runtime = await startLocalRuntime({
        manifest,
        ...(opts.dataDir ? { dataDir: opts.dataDir } : {}),
        onReceived: (r) => console.log(`received ${r.eventName} feed=${r.feed ?? '(none)'} ${r.key} ${r.size} bytes`),
      });
      const { local } = runtime;
      const feed = manifest.feeds[0];
      console.log(`S3 + SQS  ${local.endpoints.s3}\nDynamoDB  ${local.endpoints.dynamodb}\n`);
      console.log('In another shell:');
      for (const [k, v] of Object.entries(local.env)) console.log(`  export ${k}=${v}`);
      if (feed) {
        console.log(`  aws s3 cp ./samples/${feed.name}/<file> s3://${local.names.buckets.inbox}/${feed.source.inboxPrefix} --endpoint-url ${local.endpoints.s3}`);
      }
      console.log('\nCtrl-C stops.');
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await runtime.stop();
    });
}
