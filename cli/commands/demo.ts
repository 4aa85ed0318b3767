import type { Command } from 'commander';
import { addJsonOption, addManifestOption, type ManifestOption } from '../options.js';

export function registerDemoCommand(program: Command): void {
  const cmd = program
    .command('demo')
    .description('Run the whole pipeline once on this machine: drop every sample, follow each run, report, exit (non-zero unless every run ends as <samples>/expected.json says). With --samples, a test harness for your own files.')
    .option('--samples <dir>', 'one sub-folder of partner files per feed (named after the feed), and expected.json with the state and counts each file must end in', 'samples')
    .option('--out <dir>', 'where to copy the outputs (emptied first)', '.flatfeed/out')
    .option('--deadline <seconds>', 'give up after this long', '100');
  addJsonOption(cmd, 'the result (for CI), instead of the table');
  addManifestOption(cmd);
  cmd.action(async (opts: { samples: string; out: string; deadline: string; json?: boolean } & ManifestOption) => {
    const [{ CliError }, { runDemo }, { renderDemoReport }, { flatfileFromEnv }, { manifestPath }, { allowTypeScriptImports }] = await Promise.all([
      import('../cli-error.js'),
      import('../../local/demo.js'),
      import('../demo-report.js'),
      import('../flatfile-target.js'),
      import('../options.js'),
      import('../typescript-imports.js'),
    ]);
    const deadline = Number(opts.deadline);
    if (!(deadline > 0)) throw new CliError(`--deadline ${opts.deadline}: expected seconds, e.g. 100`);
    await allowTypeScriptImports();
    const flatfile = flatfileFromEnv();
    const result = await runDemo({
      manifestPath: await manifestPath(opts),
      samplesDir: opts.samples,
      outDir: opts.out,
      deadlineMs: deadline * 1000,
      ...(flatfile ? { flatfile } : {}),
      // With --json, progress goes to stderr so stdout is the result alone.
      ...(opts.json ? { print: (line: string) => console.error(line) } : {}),
    });
    if (opts.json) console.log(JSON.stringify(result, null, 2));
    else for (const line of renderDemoReport(result)) console.log(line);
    process.exitCode = result.ok ? 0 : 1;
  });
}
