import type { Command } from 'commander';
import { addManifestOption, type ManifestOption } from '../options.js';

/**
 * How long a message a dead `flatfeed dev` had in hand stays invisible (the topology's queues allow up to an hour,
 * six times a worker's timeout). Live handlers keep theirs invisible however long they run (local/sqs-trigger.ts).
 * Longer than the listener's 120 s step and event leases, so the redelivery after a crash finds the dead holder's
 * lease expired and takes the step over; ingress's longer upload lease makes its redelivery retry until then.
 */
export const DEV_VISIBILITY_SECONDS = 130;

export function registerDevCommand(program: Command): void {
  const cmd = program
    .command('dev')
    .description('Run the whole pipeline on this machine until Ctrl-C: print its endpoints and a line each time a run changes state or reports progress.')
    .option('--data-dir <dir>', "keep S3 objects (as files), queued messages, the ledger and the Flatfile emulator's data here across restarts");
  addManifestOption(cmd);
  cmd.action(async (opts: { dataDir?: string } & ManifestOption) => {
    const [{ resolve }, { createDocumentClient }, { UNROUTED_FEED }, { Ledger }, { loadManifest, DEFAULT_MANIFEST_PATH }, { PIPELINE_FUNCTIONS }, { startPipeline }, { progressText }, { watchRuns }, { removeDevFile, writeDevFile }, { devInstructions }, { flatfileFromEnv }, { allowTypeScriptImports }] =
      await Promise.all([
        import('node:path'),
        import('../../shared/aws/clients.js'),
        import('../../shared/ingress/ingest.js'),
        import('../../shared/ledger/index.js'),
        import('../../shared/manifest/index.js'),
        import('../../local/demo.js'),
        import('../../local/pipeline.js'),
        import('../../local/run-progress.js'),
        import('../../local/run-watch.js'),
        import('../dev-file.js'),
        import('../dev-instructions.js'),
        import('../flatfile-target.js'),
        import('../typescript-imports.js'),
      ]);
    // Not the manifest of another dev stack: this one is the stack.
    const manifestPath = opts.manifest ?? DEFAULT_MANIFEST_PATH;
    const manifest = await loadManifest(manifestPath);
    await allowTypeScriptImports();
    const flatfile = flatfileFromEnv();
    const pipeline = await startPipeline({
      manifest,
      manifestPath,
      functions: PIPELINE_FUNCTIONS,
      scheduleEverySeconds: 1,
      visibilityTimeoutSeconds: DEV_VISIBILITY_SECONDS,
      ...(flatfile ? { flatfile } : {}),
      ...(opts.dataDir ? { dataDir: opts.dataDir } : {}),
    });
    const { local } = pipeline;
    await writeDevFile({
      pid: process.pid,
      manifest: resolve(manifestPath),
      env: local.env,
      buckets: local.names.buckets,
      tables: { ledger: local.names.tables.ledger },
      queues: Object.fromEntries(Object.entries(local.queueUrls).map(([id, url]) => [id, { url, dlqUrl: local.dlqUrls[id as keyof typeof local.dlqUrls] }])),
      flatfile: { environmentId: pipeline.flatfile.environmentId, ...(pipeline.flatfile.apiUrl ? { apiUrl: pipeline.flatfile.apiUrl } : {}) },
    });
    for (const line of devInstructions({ manifest, local, flatfile: pipeline.flatfile, emulated: !flatfile })) console.log(line);

    const line = (run: Parameters<typeof progressText>[0], previous?: Parameters<typeof progressText>[1]) =>
      console.log(`${new Date().toISOString().slice(11, 19)}  ${run.runId}  ${run.feed}  ${run.key}  ${progressText(run, previous)}`);
    const watch = watchRuns({
      ledger: new Ledger(createDocumentClient(local.clients.dynamodb), local.names.tables.ledger),
      feeds: [...manifest.feeds.map((f) => f.name), UNROUTED_FEED],
      since: new Date().toISOString(),
      onChange: (run) => line(run),
      onProgress: (run, previous) => line(run, previous),
      onError: (err) => console.error(`ledger poll failed: ${String(err)}`),
      intervalMs: 500,
    });
    await new Promise<void>((done) => {
      process.once('SIGINT', done);
      process.once('SIGTERM', done);
    });
    console.log('\nStopping …');
    await watch.stop();
    await removeDevFile();
    await pipeline.stop();
  });
}
