import {
  readDevFile
} from "./chunk-ZJ5EZHZB.js";
import {
  DEFAULT_MANIFEST_PATH
} from "./chunk-7OHJ3NUU.js";

// cli/options.ts
var addManifestOption = (cmd) => cmd.option("-m, --manifest <path>", `feed manifest (default: the one \`flatfeed dev\` runs, else ${DEFAULT_MANIFEST_PATH})`);
var addJsonOption = (cmd, what) => cmd.option("--json", `print ${what} as JSON`);
var addInboxOption = (cmd) => cmd.option("--inbox-bucket <name>", "the inbox bucket on AWS (default: $INBOX_BUCKET, or the dev stack's)");
var addLedgerOption = (cmd) => cmd.option("--ledger-table <name>", "the ledger table on AWS (default: $LEDGER_TABLE, or the dev stack's)");
async function manifestPath(opts) {
  if (opts.manifest) return opts.manifest;
  const dev = await readDevFile();
  return dev?.manifest ?? DEFAULT_MANIFEST_PATH;
}

export {
  addManifestOption,
  addJsonOption,
  addInboxOption,
  addLedgerOption,
  manifestPath
};
//# sourceMappingURL=chunk-PAMWLTXM.js.map
