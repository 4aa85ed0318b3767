/** Formats the platform extracts itself (its `file:extract` job). */
export const NATIVE_FORMATS = ['csv', 'tsv', 'psv'] as const;
/** Formats our worker extracts (shared/extract/sources.ts has an opener for each, by type). */
export const WORKER_FORMATS = ['xlsx', 'json', 'jsonl', 'fixed'] as const;
export type WorkerFormat = (typeof WORKER_FORMATS)[number];
/** What a feed may accept: a format something extracts. */
export const EXTRACTABLE_FORMATS: readonly string[] = [...NATIVE_FORMATS, ...WORKER_FORMATS];
