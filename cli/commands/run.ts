import type { Command } from 'commander';
import { CliError } from '../cli-error.js';
import { createDocumentClient } from '../../shared/aws/clients.js';
import { Ledger } from '../../shared/ledger/index.js';
import { renderRun } from '../runs-view.js';
import { resolveTarget } from '../target.js';

export function registerRunCommand(program: Command): void {
  program
    .command('run')
    .description('Show one run from the ledger with every field: state, reason, counts, outputs, missing fields, Flatfile ids.')
    .argument('<id>', 'run id (run_…), as `flatfeed runs` lists it')
    .option('--json', 'print the run as JSON')
    .option('--table <name>', 'the ledger table on AWS (default: LEDGER_TABLE, or the dev stack\'s)')
    .action(async (id: string, opts: { json?: boolean; table?: string }) => {
      const target = await resolveTarget({ ...(opts.table ? { table: opts.table } : {}) });
      try {
        if (!target.ledgerTable) throw new CliError('no ledger table: start `npm run dev`, or pass --table / set LEDGER_TABLE');
        const run = await new Ledger(createDocumentClient(target.dynamodb), target.ledgerTable).getRun(id);
        if (!run) throw new CliError(`no run ${id} in ${target.ledgerTable} on ${target.where}`);
        console.log(opts.json ? JSON.stringify(run, null, 2) : renderRun(run).join('\n'));
      } finally {
        target.destroy();
      }
    });
}
