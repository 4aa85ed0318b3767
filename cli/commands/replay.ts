import { Option, type Command } from 'commander';
import { addLedgerOption, type TargetOption } from '../options.js';

/**
 * `flatfeed replay <run> [--from received|egressing]`: an ended run again, as a new attempt of the same run (its
 * previous end kept in the ledger), through the pipeline's own paths. The dev stack's queues come from
 * .flatfeed/dev.json; on AWS from INGRESS_QUEUE_URL and EVENTS_QUEUE_URL.
 */
export function registerReplayCommand(program: Command): void {
  const cmd = program
    .command('replay')
    .description('Run an ended run again as a new attempt: from the dropped object (received), or only its export (egressing)')
    .argument('<run>', 'run id (run_…), as `flatfeed runs` lists it')
    .addOption(
      new Option('--from <stage>', 'received: everything again from the object; egressing: export the records in its Flatfile sheet again')
        .choices(['received', 'egressing'])
        .default('received'),
    );
  addLedgerOption(cmd);
  cmd.action(async (runId: string, opts: { from: 'received' | 'egressing' } & TargetOption) => {
    const [{ CliError }, { resolveTarget }, { createDocumentClient }, { Ledger }, { ReplayRefused }, { replayRun }] = await Promise.all([
      import('../cli-error.js'),
      import('../target.js'),
      import('../../shared/aws/clients.js'),
      import('../../shared/ledger/index.js'),
      import('../../shared/run/index.js'),
      import('../../shared/redrive/index.js'),
    ]);
    const target = await resolveTarget(opts);
    try {
      const ingress = target.queues.ingress?.url;
      const events = target.queues.events?.url;
      if (!target.ledgerTable || !ingress || !events) {
        throw new CliError('no ledger table or queue URLs: start `npm run dev`, or pass --ledger-table (LEDGER_TABLE) and set INGRESS_QUEUE_URL and EVENTS_QUEUE_URL');
      }
      const ledger = new Ledger(createDocumentClient(target.dynamodb), target.ledgerTable);
      const replayed = await replayRun({ ledger, sqs: target.sqs, queues: { ingress, events } }, runId, opts.from).catch((e: unknown) => {
        throw e instanceof ReplayRefused ? new CliError(e.message) : e;
      });
      const { run, previous } = replayed;
      console.log(`run ${runId}: attempt ${previous.attempt} ended ${previous.state}${previous.reason ? ` (${previous.reason})` : ''}`);
      console.log(`attempt ${run.attempt} starts from ${opts.from}: sent ${replayed.sent} (${target.where})`);
      console.log(`follow it: flatfeed run ${runId} --watch`);
    } finally {
      target.destroy();
    }
  });
}
