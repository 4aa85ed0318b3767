import { createRequire } from 'node:module';
import { Command } from 'commander';
import { registerCommands } from './commands/index.js';

const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

/** The `flatfeed` command; a function so tests can parse arguments in-process. */
export function createProgram(): Command {
  const program = new Command()
    .name('flatfeed')
    .description('Headless file-feed pipeline: partner files from S3 into Flatfile, validated records back out.')
    // The Node it runs on is part of the answer: the CLI must run on the project's own Node (bin/flatfeed.js).
    .version(`${version} (Node ${process.versions.node})`, '-V, --version', 'print the version and the Node it runs on')
    .showHelpAfterError();
  registerCommands(program);
  return program;
}
