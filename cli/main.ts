#!/usr/bin/env node
import './quiet-env.js';
import { describeFailure, exitQuietlyOnBrokenPipe } from './failure.js';
import { createProgram } from './program.js';

// The one place a failure becomes output and an exit code (cli/failure.ts); commands just throw.
exitQuietlyOnBrokenPipe();
const debug = process.argv.includes('--debug');
try {
  await createProgram().parseAsync(process.argv);
} catch (e) {
  const failure = describeFailure(e, debug);
  for (const line of failure.lines) console.error(line);
  process.exitCode = failure.exitCode;
}
