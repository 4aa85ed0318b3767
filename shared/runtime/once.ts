/** Runs an async initialiser once per execution environment; a failed attempt is retried on the next call. */
export function once<T>(init: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () => {
    pending ??= init().catch((e: unknown) => {
      pending = undefined;
      throw e;
    });
    return pending;
  };
}
