import { Command } from 'commander';
import { registerCommands } from './commands/index.js';

/** The `flatfeed` command; a function so tests can parse arguments in-process. */
export function createProgram(): Command {
  const program = new Command()
    .name('flatfeed')
    .description('Headless file-feed pipeline: partner files from S3 into Flatfile, validated records back out.')
    .showHelpAfterError();
  registerCommands(program);
  return program;
}
