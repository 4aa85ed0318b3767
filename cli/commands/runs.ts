import type { Command } from 'commander';
import { CliError } from '../cli-error.js';
import { createDocumentClient } from '../../shared/aws/clients.js';
import { UNROUTED_FEED } from '../../shared/ingress/ingest.js';
import { Ledger } from '../../shared/ledger/index.js';
import { loadManifest } from '../../shared/manifest/index.js';
import { listRunsOf, renderRuns } from '../runs-view.js';
import { parseSince } from '../since.js';
import { resolveTarget } from '../target.js';

export function registerRunsCommand(program: Command): void {
  program
    .command('runs')
    .description('List runs from the ledger, newest first: the local dev stack (npm run dev) or AWS (--table / LEDGER_TABLE).')
    .option('--feed <name>', 'only this feed (default: every feed in the manifest, and unrouted files)')
    .option('--since <when>', 'only runs created since: 30m, 24h, 7d, or a date/time such as 2026-11-20')
    .option('--json', 'print the runs as JSON')
    .option('--table <name>', 'the ledger table on AWS (default: LEDGER_TABLE, or the dev stack\'s)')
    .option('-m, --manifest <path>', 'feed manifest', 'feeds/feeds.yaml')
    .action(async (opts: { feed?: string; since?: string; json?: boolean; table?: string; manifest: string }) => {
      const since = opts.since === undefined ? undefined : parseSince(opts.since);
      const feeds = opts.feed ? [opts.feed] : [...(await loadManifest(opts.manifest)).feeds.map((f) => f.name), UNROUTED_FEED];
      const target = await resolveTarget({ ...(opts.table ? { table: opts.table } : {}) });
      try {
        if (!target.ledgerTable) throw new CliError('no ledger table: start `npm run dev`, or pass --table / set LEDGER_TABLE');
        const runs = await listRunsOf(new Ledger(createDocumentClient(target.dynamodb), target.ledgerTable), feeds, since);
        console.log(opts.json ? JSON.stringify(runs, null, 2) : renderRuns(runs).join('\n'));
      } finally {
        target.destroy();
      }
    });
}
