import { Transform } from 'node:stream';

/**
 * Counts the bytes flowing through, for progress: the share of the download read so far is the honest measure of
 * how far a streaming extraction has got (row counts are unknown until the end).
 */
export function byteCounter(): Transform & { bytes: () => number } {
  let n = 0;
  const t = new Transform({
    transform(chunk: Buffer, _enc, done) {
      n += chunk.length;
      done(null, chunk);
    },
  });
  return Object.assign(t, { bytes: () => n });
}

/** Calls `tick` at most once per `everyMs` (the first call always), so progress acks never flood the API. */
export function throttled(everyMs: number, tick: () => Promise<void>, now = Date.now): () => Promise<void> {
  let last = -Infinity;
  return async () => {
    if (now() - last < everyMs) return;
    last = now();
    await tick();
  };
}
