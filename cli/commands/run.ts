import type { Command } from 'commander';
import { addJsonOption, addLedgerOption, addManifestOption, type ManifestOption, type TargetOption } from '../options.js';

export function registerRunCommand(program: Command): void {
  const cmd = program
    .command('run')
    .description('Show one run: state and reason, when each stage started and ended, live progress, counts, why records were invalid, outputs, Flatfile ids.')
    .argument('<id>', 'run id (run_…), as `flatfeed runs` lists it')
    .option('--watch', 'follow the run until it ends: progress (records done of total, rate, ETA) as the stages report it');
  addJsonOption(cmd, 'the run (the ledger item, timeline included)');
  addLedgerOption(cmd);
  addManifestOption(cmd);
  cmd.action(async (id: string, opts: { json?: boolean; watch?: boolean } & TargetOption & ManifestOption) => {
    const { showRun } = await import('../show-run.js');
    await showRun(id, opts);
  });
}
