import type { Command } from 'commander';
import { DEFAULT_MANIFEST_PATH } from '../shared/manifest/default-path.js';
import { readDevFile } from './dev-file.js';

// The options several commands share, spelt the same everywhere.

export interface ManifestOption {
  manifest?: string;
}

export interface TargetOption {
  inboxBucket?: string;
  ledgerTable?: string;
}

export const addManifestOption = (cmd: Command): Command =>
  cmd.option('-m, --manifest <path>', `feed manifest (default: the one \`flatfeed dev\` runs, else ${DEFAULT_MANIFEST_PATH})`);

export const addJsonOption = (cmd: Command, what: string): Command => cmd.option('--json', `print ${what} as JSON`);

export const addInboxOption = (cmd: Command): Command =>
  cmd.option('--inbox-bucket <name>', "the inbox bucket on AWS (default: $INBOX_BUCKET, or the dev stack's)");

export const addLedgerOption = (cmd: Command): Command =>
  cmd.option('--ledger-table <name>', "the ledger table on AWS (default: $LEDGER_TABLE, or the dev stack's)");

/** -m when given; else the manifest of the running `flatfeed dev` (recorded in .flatfeed/dev.json); else the default. */
export async function manifestPath(opts: ManifestOption): Promise<string> {
  if (opts.manifest) return opts.manifest;
  const dev = await readDevFile();
  return dev?.manifest ?? DEFAULT_MANIFEST_PATH;
}
