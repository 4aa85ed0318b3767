#!/usr/bin/env node
import './quiet-env.js';
import { describeFailure } from './failure.js';
import { createProgram } from './program.js';

// The one place a failure becomes output and an exit code (cli/failure.ts); commands just throw. Output goes through
// console, which ignores EPIPE: `flatfeed runs | head -1` ends quietly with 0 (test/cli/errors.test.ts).
const debug = process.argv.includes('--debug');
try {
  await createProgram().parseAsync(process.argv);
} catch (e) {
  const failure = describeFailure(e, debug);
  for (const line of failure.lines) console.error(line);
  process.exitCode = failure.exitCode;
}
