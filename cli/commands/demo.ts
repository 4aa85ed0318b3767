import type { Command } from 'commander';
import { runDemo } from '../../local/demo.js';

export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('Run the pipeline once on this machine: local AWS stack, samples into the inbox, report, exit.')
    .option('-m, --manifest <path>', 'feed manifest', 'feeds/feeds.yaml')
    .option('--samples <dir>', 'folder with one sub-folder of partner files per feed', 'samples')
    .action(async (opts: { manifest: string; samples: string }) => {
      await runDemo({ manifestPath: opts.manifest, samplesDir: opts.samples });
    });
}
