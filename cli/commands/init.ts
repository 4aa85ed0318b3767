import type { Command } from 'commander';
import { addJsonOption } from '../options.js';

export function registerInitCommand(program: Command): void {
  const cmd = program
    .command('init')
    .description('Draft a feed definition from a sample partner file: fields with guessed types, required where the sample has no gaps, the headers as aliases; checked against the manifest schema, printed as YAML to paste under `feeds:`.')
    .requiredOption('--from <sample>', 'a partner file (any accepted format)')
    .option('--name <feed>', "the feed's name (default: from the file name)")
    .option('--prefix <prefix>', 'its inbox prefix (default: <name>/)');
  addJsonOption(cmd, 'the feed definition');
  cmd.action(async (opts: { from: string; name?: string; prefix?: string; json?: boolean }) => {
    const [{ stat }, { draftFeed }] = await Promise.all([import('node:fs/promises'), import('../init-feed.js')]);
    await stat(opts.from);
    const draft = await draftFeed(opts.from, { ...(opts.name ? { name: opts.name } : {}), ...(opts.prefix ? { prefix: opts.prefix } : {}) });
    if (opts.json) {
      console.log(JSON.stringify(draft.feed, null, 2));
      return;
    }
    console.log(`# A draft feed from ${opts.from}; paste it under \`feeds:\` in the manifest, then \`flatfeed validate\`.`);
    for (const note of draft.notes) console.log(`#   ${note}`);
    console.log(draft.yaml.trimEnd());
  });
}
