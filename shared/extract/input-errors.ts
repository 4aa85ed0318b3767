import type { Readable } from 'node:stream';

/**
 * Remembers whether the byte stream itself failed (a dropped download) so a parser's error can be told apart:
 * the stream's failure is transient and retried, a parse error on intact bytes is the partner's file.
 */
export function watchInput(input: Readable): { failure(): Error | undefined } {
  let failed: Error | undefined;
  input.once('error', (e: Error) => void (failed = e));
  return { failure: () => failed };
}
