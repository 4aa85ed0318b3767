import type { Command } from 'commander';
import { addJsonOption, addManifestOption, type ManifestOption } from '../options.js';

export function registerValidateCommand(program: Command): void {
  const cmd = program
    .command('validate')
    .description("Check the feed manifest and every feed's hook module, starting nothing: every problem at once as file:line:col path: expected …, got …; exit 1 if any.");
  addJsonOption(cmd, 'the feeds found');
  addManifestOption(cmd);
  cmd.action(async (opts: { json?: boolean } & ManifestOption) => {
    const [{ dirname }, { ManifestError }, { loadManifest }, { loadFeedHooks }, { manifestPath }, { allowTypeScriptImports }] = await Promise.all([
      import('node:path'),
      import('../../shared/errors/index.js'),
      import('../../shared/manifest/index.js'),
      import('../../shared/validate/hooks.js'),
      import('../options.js'),
      import('../typescript-imports.js'),
    ]);
    const path = await manifestPath(opts);
    const manifest = await loadManifest(path);
    await allowTypeScriptImports();
    const problems: string[] = [];
    for (const [i, feed] of manifest.feeds.entries()) {
      if (!feed.validation.hooks) continue;
      await loadFeedHooks(feed, dirname(path)).catch((e: unknown) => {
        const why = (e as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND' ? `cannot load ${feed.validation.hooks}: no such module` : (e as Error).message;
        problems.push(`${path} feeds[${i}].validation.hooks: ${why}`);
      });
    }
    if (problems.length > 0) throw new ManifestError(`${path}: ${problems.length} problem${problems.length === 1 ? '' : 's'} in the feed manifest\n  ${problems.join('\n  ')}`, problems);
    const feeds = manifest.feeds.map((f) => ({
      name: f.name,
      inboxPrefix: f.source.inboxPrefix,
      accept: f.format.accept,
      fields: f.fields.length,
      required: f.fields.filter((x) => x.required).map((x) => x.key),
      ...(f.validation.hooks ? { hooks: f.validation.hooks } : {}),
      ...(f.source.pull ? { pull: f.source.pull.type } : {}),
    }));
    if (opts.json) {
      console.log(JSON.stringify({ manifest: path, valid: true, feeds }, null, 2));
      return;
    }
    console.log(`✓ ${path}: ${feeds.length} feed${feeds.length === 1 ? '' : 's'}, no problems`);
    for (const f of feeds) {
      console.log(`  ${f.name}  s3://<inbox>/${f.inboxPrefix}  ${f.accept.join(' ')}  ${f.fields} fields (required: ${f.required.join(', ') || 'none'})${f.hooks ? `  hooks ${f.hooks}` : ''}${f.pull ? `  pull ${f.pull}` : ''}`);
    }
  });
}
