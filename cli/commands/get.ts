import type { Command } from 'commander';
import { addJsonOption, addLedgerOption, type TargetOption } from '../options.js';

export function registerGetCommand(program: Command): void {
  const cmd = program
    .command('get')
    .description("Copy a run's outputs (outbox files, rejects file) to a local folder, from the dev stack or AWS.")
    .argument('<id>', 'run id (run_…)')
    .option('--out <dir>', 'where to put them, as <dir>/<bucket>/<key>', '.flatfeed/get');
  addJsonOption(cmd, 'the copied paths');
  addLedgerOption(cmd);
  cmd.action(async (id: string, opts: { out: string; json?: boolean } & TargetOption) => {
    const [{ CliError }, { resolveTarget }, { Ledger }, { createDocumentClient }, { copyOutputs }] = await Promise.all([
      import('../cli-error.js'),
      import('../target.js'),
      import('../../shared/ledger/index.js'),
      import('../../shared/aws/clients.js'),
      import('../../local/copy-outputs.js'),
    ]);
    const target = await resolveTarget(opts);
    try {
      if (!target.ledgerTable) throw new CliError('no ledger table: start `npm run dev`, or pass --ledger-table / set LEDGER_TABLE');
      const run = await new Ledger(createDocumentClient(target.dynamodb), target.ledgerTable).getRun(id);
      if (!run) throw new CliError(`no run ${id} in ${target.ledgerTable} on ${target.where}`);
      const outputs = run.outputs ?? [];
      if (outputs.length === 0) throw new CliError(`run ${id} has no outputs (state ${run.state}${run.reason ? `: ${run.reason}` : ''})`);
      const paths = await copyOutputs(target.s3, outputs, opts.out);
      if (opts.json) console.log(JSON.stringify(outputs.map((from, i) => ({ from, to: paths[i] })), null, 2));
      else for (const [i, from] of outputs.entries()) console.log(`${from} → ${paths[i]}`);
    } finally {
      target.destroy();
    }
  });
}
