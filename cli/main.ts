#!/usr/bin/env node
import './quiet-env.js';
import { Command } from 'commander';
import { registerCommands } from './commands/index.js';

const program = new Command()
  .name('flatfeed')
  .description('Headless file-feed pipeline: partner files from S3 into Flatfile, validated records back out.')
  .showHelpAfterError();

registerCommands(program);

await program.parseAsync(process.argv);
