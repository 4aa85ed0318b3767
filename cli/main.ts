#!/usr/bin/env node
import './quiet-env.js';
import { CliError } from './cli-error.js';
import { createProgram } from './program.js';

try {
  await createProgram().parseAsync(process.argv);
} catch (e) {
  if (!(e instanceof CliError)) throw e;
  console.error(`flatfeed: ${e.message}`);
  process.exitCode = 1;
}
