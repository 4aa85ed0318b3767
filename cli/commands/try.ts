import type { Command } from 'commander';
import { addJsonOption, addManifestOption, type ManifestOption } from '../options.js';

export function registerTryCommand(program: Command): void {
  const cmd = program
    .command('try')
    .description("Try a partner file against a feed on this machine, writing nothing: what is sniffed (format, encoding, delimiter, header), the mapping plan with each column's certainty, the first rows as egress would write them and the first invalid ones with reasons.")
    .argument('<file>', 'the partner file')
    .requiredOption('--feed <name>', 'the feed to try it as')
    .option('--rows <n>', 'valid and invalid rows to show, each', '5');
  addJsonOption(cmd, 'the whole report');
  addManifestOption(cmd);
  cmd.action(async (file: string, opts: { feed: string; rows: string; json?: boolean } & ManifestOption) => {
    const [{ stat }, { dirname }, { CliError }, { loadManifest }, { loadFeedHooks }, { manifestPath }, { tryFile }, { renderTry }, { painter }, { allowTypeScriptImports }] = await Promise.all([
      import('node:fs/promises'),
      import('node:path'),
      import('../cli-error.js'),
      import('../../shared/manifest/index.js'),
      import('../../shared/validate/hooks.js'),
      import('../options.js'),
      import('../try-file.js'),
      import('../try-view.js'),
      import('../colour.js'),
      import('../typescript-imports.js'),
    ]);
    await stat(file);
    const sample = Number(opts.rows);
    if (!Number.isInteger(sample) || sample < 0) throw new CliError(`--rows ${opts.rows}: expected a whole number, e.g. 5`);
    const path = await manifestPath(opts);
    const feed = (await loadManifest(path)).feeds.find((f) => f.name === opts.feed);
    if (!feed) throw new CliError(`no feed "${opts.feed}" in ${path}; feeds: ${(await loadManifest(path)).feeds.map((f) => f.name).join(', ')}`);
    await allowTypeScriptImports();
    const hooks = await loadFeedHooks(feed, dirname(path));
    const report = await tryFile(file, feed, { sample, hooks });
    console.log(opts.json ? JSON.stringify(report, null, 2) : renderTry(report, painter()).join('\n'));
    if (report.refused) process.exitCode = 1;
  });
}
