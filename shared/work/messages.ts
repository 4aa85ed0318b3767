import * as z from 'zod';
import { FILE_FORMATS } from '../manifest/schema.js';

// What the listener hands to the worker and egress functions through SQS. The listener never does heavy work
// itself: it routes Flatfile events to one of these, and the consumer does the streaming.

/** Extract a file the platform does not extract natively (XLSX, JSON, fixed-width…): job `extract-plugin-<format>`. */
export const ExtractWork = z.object({
  kind: z.literal('extract'),
  feed: z.string(),
  runId: z.string().optional(),
  jobId: z.string(),
  fileId: z.string(),
  spaceId: z.string(),
  format: z.enum(FILE_FORMATS),
});

/** Validate and transform the records of one commit on a destination sheet, then complete the commit. */
export const ValidateWork = z.object({
  kind: z.literal('validate'),
  feed: z.string(),
  sheetId: z.string(),
  workbookId: z.string(),
  commitId: z.string(),
  /** Whether the platform waits for us to complete the commit (workbook tracks changes). */
  trackChanges: z.boolean(),
});

/** Deliver the record changes a person made in a subscribed run's sheet (shared/subscribe). */
export const ChangesWork = z.object({
  kind: z.literal('changes'),
  feed: z.string(),
  sheetId: z.string(),
});

export const WorkMessage = z.discriminatedUnion('kind', [ExtractWork, ValidateWork, ChangesWork]);

/** Export a run's destination sheet: the `flatfeed-egress` job, created by the listener or by "Sync now". */
export const EgressWork = z.object({
  kind: z.literal('egress'),
  feed: z.string(),
  runId: z.string().optional(),
  jobId: z.string(),
  workbookId: z.string(),
  sheetId: z.string(),
  mode: z.enum(['incremental', 'full']).optional(),
});

export type ExtractWork = z.infer<typeof ExtractWork>;
export type ValidateWork = z.infer<typeof ValidateWork>;
export type ChangesWork = z.infer<typeof ChangesWork>;
export type WorkMessage = z.infer<typeof WorkMessage>;
export type EgressWork = z.infer<typeof EgressWork>;

/** Job operation names, following Flatfile's `extract-plugin-<name>` convention for extractors. */
export const extractOperation = (format: string) => `extract-plugin-${format}`;
export const EGRESS_OPERATION = 'flatfeed-egress';
