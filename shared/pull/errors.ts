/** Why a source cannot be pulled until someone fixes its configuration (retrying would not help). */
export type PullProblem = 'auth' | 'forbidden' | 'not-found' | 'host-key' | 'bad-config';

/** A misconfigured source: a specific, terminal error and a metric, never an endless retry. */
export class PullConfigError extends Error {
  override readonly name = 'PullConfigError';
  constructor(
    readonly problem: PullProblem,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export const isPullConfigError = (e: unknown): e is PullConfigError => e instanceof PullConfigError;
