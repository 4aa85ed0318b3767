import type { Command } from 'commander';
import { addJsonOption, addLedgerOption, type TargetOption } from '../options.js';

export function registerRunsCommand(program: Command): void {
  const cmd = program
    .command('runs')
    .description('List runs from the ledger, newest first, run id first: the local dev stack (npm run dev) or AWS (--ledger-table / LEDGER_TABLE).')
    .option('--feed <name>', 'only this feed (default: every run in the ledger, whatever its feed)')
    .option('--since <when>', 'only runs created since: 30m, 24h, 7d, or a date/time such as 2026-11-20')
    .option('--limit <n>', 'at most this many runs', '50');
  addJsonOption(cmd, 'the runs');
  addLedgerOption(cmd);
  cmd.action(async (opts: { feed?: string; since?: string; limit: string; json?: boolean } & TargetOption) => {
    // Loaded here, not at the top: `flatfeed --help` should not pay for the AWS SDK (cli/build.mjs).
    const [{ CliError }, { parseSince }, { resolveTarget }, { queryRuns }, { renderRuns }, colour] = await Promise.all([
      import('../cli-error.js'),
      import('../since.js'),
      import('../target.js'),
      import('../ledger-read.js'),
      import('../runs-view.js'),
      import('../colour.js'),
    ]);
    const limit = Number(opts.limit);
    if (!Number.isInteger(limit) || limit < 1) throw new CliError(`--limit ${opts.limit}: expected a whole number of runs, e.g. 50`);
    const since = opts.since === undefined ? undefined : parseSince(opts.since);
    const target = await resolveTarget(opts);
    try {
      if (!target.ledgerTable) throw new CliError('no ledger table: start `npm run dev`, or pass --ledger-table / set LEDGER_TABLE');
      const runs = await queryRuns(target.dynamodb, target.ledgerTable, { limit, ...(opts.feed ? { feed: opts.feed } : {}), ...(since ? { since } : {}) });
      const view = { paint: colour.painter(), ...(colour.terminalWidth() ? { width: colour.terminalWidth()! } : {}) };
      console.log(opts.json ? JSON.stringify(runs, null, 2) : renderRuns(runs, view).join('\n'));
    } finally {
      target.destroy();
    }
  });
}
