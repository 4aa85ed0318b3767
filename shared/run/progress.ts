import { Transform } from 'node:stream';

/**
 * Counts the bytes flowing through, for progress: the share of the download read so far is the honest measure of
 * how far a streaming extraction or upload has got (row counts are unknown until the end). `onChunk` hears the
 * running total after each chunk.
 */
export function byteCounter(onChunk?: (bytes: number) => void): Transform & { bytes: () => number } {
  let n = 0;
  const t = new Transform({
    transform(chunk: Buffer, _enc, done) {
      n += chunk.length;
      onChunk?.(n);
      done(null, chunk);
    },
  });
  return Object.assign(t, { bytes: () => n });
}

/** Calls `tick` at most once per `everyMs` (the first call always), so progress acks never flood the API. */
export function throttled<A extends unknown[]>(everyMs: number, tick: (...args: A) => Promise<void>, now = Date.now): (...args: A) => Promise<void> {
  let last = -Infinity;
  return async (...args: A) => {
    if (now() - last < everyMs) return;
    last = now();
    await tick(...args);
  };
}
