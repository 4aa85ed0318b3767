import { CommanderError } from 'commander';
import { BadInputError, ManifestError } from '../shared/errors/index.js';
import { SetupError } from '../local/setup-error.js';
import { CliError } from './cli-error.js';

/** Exit codes: what a script calling flatfeed can tell apart (README, "Exit codes"). */
export const EXIT = {
  ok: 0,
  /** The command ran and the answer is no: a bad manifest or file, a run not as expected, something not found. */
  failed: 1,
  /** The command line itself is wrong: unknown command or option, missing argument. */
  usage: 2,
  /** A bug in flatfeed (EX_SOFTWARE): the message, and the stack with --debug. */
  internal: 70,
} as const;

export interface Failure {
  /** What to print on stderr; empty when commander has already printed it. */
  lines: string[];
  exitCode: number;
}

/**
 * Turns what a command threw into what the person at the terminal reads: one clear message for every failure the
 * CLI expects, the stack only with --debug, and for anything else a short note that it is a bug.
 */
export function describeFailure(e: unknown, debug: boolean): Failure {
  const stack = (err: unknown) => (debug && err instanceof Error && err.stack ? [err.stack] : []);
  if (e instanceof CommanderError) {
    // Commander has printed its own one-line message (and the usage after it).
    const ok = e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help';
    return { lines: [], exitCode: ok ? EXIT.ok : EXIT.usage };
  }
  if (e instanceof CliError || e instanceof SetupError) return { lines: [`flatfeed: ${e.message}`, ...stack(e)], exitCode: EXIT.failed };
  if (e instanceof ManifestError) return { lines: [...e.message.split('\n'), ...stack(e)], exitCode: EXIT.failed };
  if (e instanceof BadInputError) return { lines: [`flatfeed: ${e.reason}: ${e.message}`, ...stack(e)], exitCode: EXIT.failed };
  const sys = e as NodeJS.ErrnoException;
  if (sys && typeof sys === 'object' && typeof sys.code === 'string') {
    const said = systemError(sys);
    if (said) return { lines: [`flatfeed: ${said}`, ...stack(e)], exitCode: EXIT.failed };
  }
  if (e instanceof Error && e.name === 'CredentialsProviderError') {
    return { lines: ['flatfeed: no AWS credentials: start `flatfeed dev` (its commands find it), or set AWS_PROFILE / AWS credentials', ...stack(e)], exitCode: EXIT.failed };
  }
  const message = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  return {
    lines: [`flatfeed: internal error: ${message}`, ...(debug ? stack(e) : ['This is a bug in flatfeed; run again with --debug for the stack trace.'])],
    exitCode: EXIT.internal,
  };
}

function systemError(e: NodeJS.ErrnoException): string | undefined {
  const path = e.path ? `${e.path}: ` : '';
  switch (e.code) {
    case 'ENOENT':
      return e.path ? `${path}no such file or folder` : undefined;
    case 'EISDIR':
      return `${path}is a folder, expected a file`;
    case 'EACCES':
    case 'EPERM':
      return `${path}permission denied`;
    case 'ECONNREFUSED': {
      const where = (e as { address?: string; port?: number }).address ? `${(e as { address?: string }).address}:${(e as { port?: number }).port}` : 'the service';
      return `cannot connect to ${where} (connection refused): is \`flatfeed dev\` still running?`;
    }
    default:
      return undefined;
  }
}
