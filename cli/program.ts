import { Command } from 'commander';
// Imported, not read at run time: esbuild puts the version into the built CLI (dist/cli/), where ../package.json is
// somewhere else.
import packageJson from '../package.json' with { type: 'json' };
import { registerCommands } from './commands/index.js';

/** The `flatfeed` command; a function so tests can parse arguments in-process. */
export function createProgram(): Command {
  const program = new Command()
    .name('flatfeed')
    .description('Headless file-feed pipeline: partner files from S3 into Flatfile, validated records back out.')
    // The Node it runs on is part of the answer: the CLI must run on the project's own Node (bin/flatfeed.js).
    .version(`${packageJson.version} (Node ${process.versions.node})`, '-V, --version', 'print the version and the Node it runs on')
    .option('--debug', 'print stack traces of failures (cli/main.ts reads it before parsing)')
    .showHelpAfterError()
    // Errors are thrown, never process.exit()ed, so cli/main.ts prints them; set before the commands inherit it.
    .exitOverride();
  registerCommands(program);
  return program;
}
