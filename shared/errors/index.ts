// Three kinds of failure, each with its own fate (DESIGN.md, "Errors say what to do"):
//  - BadInputError: the partner's file or request is wrong. Terminal, reported, never retried.
//  - TransientError: throttling, 5xx, timeouts. Retried with backoff, then redelivered by SQS.
//  - anything else is a bug: the message goes to the DLQ and an alarm fires.

/** Stable, machine-readable reasons a file is rejected; shown to partners and counted in metrics. */
export type RejectReason =
  | 'empty-file'
  | 'encrypted-file'
  | 'header-only'
  | 'binary-content'
  | 'unsupported-format'
  | 'too-large'
  | 'truncated-archive'
  | 'nested-archive'
  | 'zip-bomb'
  | 'too-many-members'
  | 'empty-archive'
  | 'undecodable-text'
  | 'mixed-encoding'
  | 'encoding-mismatch'
  | 'line-too-long'
  | 'malformed-content'
  /** An upload into Flatfile that did not complete (a person's, read by the worker: shared/flatfile/upload-complete.ts). */
  | 'upload-incomplete';

export class BadInputError extends Error {
  override readonly name = 'BadInputError';
  constructor(
    readonly reason: RejectReason,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export class TransientError extends Error {
  override readonly name = 'TransientError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

export class ManifestError extends Error {
  override readonly name = 'ManifestError';
  constructor(
    message: string,
    readonly problems: readonly string[],
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export const isBadInput = (e: unknown): e is BadInputError => e instanceof BadInputError;
