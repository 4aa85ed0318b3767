/**
 * The outbox formats egress has a writer for (shared/egress/writers.ts, chosen in stream-export.ts). The manifest's
 * `egress.formats` accepts exactly these, so a feed can never ask for output nothing writes.
 */
export const OUTBOX_FORMATS = ['jsonl', 'csv'] as const;
export type OutboxFormat = (typeof OUTBOX_FORMATS)[number];
