import type { Command } from 'commander';
import { createDocumentClient } from '../../shared/aws/clients.js';
import { UNROUTED_FEED } from '../../shared/ingress/ingest.js';
import { Ledger } from '../../shared/ledger/index.js';
import { loadManifest } from '../../shared/manifest/index.js';
import { PIPELINE_FUNCTIONS } from '../../local/demo.js';
import { startPipeline } from '../../local/pipeline.js';
import { progressText } from '../../local/run-progress.js';
import { watchRuns } from '../../local/run-watch.js';
import { removeDevFile, writeDevFile } from '../dev-file.js';
import { devInstructions } from '../dev-instructions.js';
import { flatfileFromEnv } from '../flatfile-target.js';

export function registerDevCommand(program: Command): void {
  program
    .command('dev')
    .description('Run the whole pipeline on this machine until Ctrl-C: print its endpoints and a line each time a run changes state.')
    .option('-m, --manifest <path>', 'feed manifest', 'feeds/feeds.yaml')
    .option('--data-dir <dir>', 'keep S3 objects (as files), queued messages, the ledger and the Flatfile emulator\'s data here across restarts')
    .action(async (opts: { manifest: string; dataDir?: string }) => {
      const manifest = await loadManifest(opts.manifest);
      const flatfile = flatfileFromEnv();
      const pipeline = await startPipeline({
        manifest,
        manifestPath: opts.manifest,
        functions: PIPELINE_FUNCTIONS,
        scheduleEverySeconds: 1,
        ...(flatfile ? { flatfile } : {}),
        ...(opts.dataDir ? { dataDir: opts.dataDir } : {}),
      });
      const { local } = pipeline;
      await writeDevFile({
        pid: process.pid,
        env: local.env,
        buckets: local.names.buckets,
        tables: { ledger: local.names.tables.ledger },
        flatfile: { environmentId: pipeline.flatfile.environmentId, ...(pipeline.flatfile.apiUrl ? { apiUrl: pipeline.flatfile.apiUrl } : {}) },
      });
      for (const line of devInstructions({ manifest, local, flatfile: pipeline.flatfile, emulated: !flatfile })) console.log(line);

      const watch = watchRuns({
        ledger: new Ledger(createDocumentClient(local.clients.dynamodb), local.names.tables.ledger),
        feeds: [...manifest.feeds.map((f) => f.name), UNROUTED_FEED],
        since: new Date().toISOString(),
        onChange: (run) => console.log(`${new Date().toISOString().slice(11, 19)}  ${run.runId}  ${run.feed}  ${run.key}  ${progressText(run)}`),
        onError: (err) => console.error(`ledger poll failed: ${String(err)}`),
        intervalMs: 500,
      });
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      console.log('\nStopping …');
      await watch.stop();
      await removeDevFile();
      await pipeline.stop();
    });
}
