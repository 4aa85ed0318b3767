import type { Command } from 'commander';
import { runDemo } from '../../local/demo.js';
import { renderDemoReport } from '../demo-report.js';
import { flatfileFromEnv } from '../flatfile-target.js';

export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('Run the whole pipeline once on this machine: drop every sample, follow each run, report, exit (non-zero unless every run ends as samples/expected.json says).')
    .option('-m, --manifest <path>', 'feed manifest', 'feeds/feeds.yaml')
    .option('--samples <dir>', 'one sub-folder of partner files per feed, and expected.json', 'samples')
    .option('--out <dir>', 'where to copy the outputs (emptied first)', '.flatfeed/out')
    .option('--deadline <seconds>', 'give up after this long', '100')
    .action(async (opts: { manifest: string; samples: string; out: string; deadline: string }) => {
      const deadline = Number(opts.deadline);
      if (!(deadline > 0)) program.error(`invalid --deadline ${opts.deadline}: expected seconds, e.g. 100`);
      const flatfile = flatfileFromEnv();
      const result = await runDemo({
        manifestPath: opts.manifest,
        samplesDir: opts.samples,
        outDir: opts.out,
        deadlineMs: deadline * 1000,
        ...(flatfile ? { flatfile } : {}),
      });
      for (const line of renderDemoReport(result)) console.log(line);
      process.exitCode = result.ok ? 0 : 1;
    });
}
