import { createHash } from 'node:crypto';
import type { Flatfile } from '@flatfile/api';
import type { Cursor } from './cursor.js';

export type ChangeType = 'createdSince' | 'updatedSince' | 'deletedSince';
export const CHANGE_TYPES: readonly ChangeType[] = ['createdSince', 'updatedSince', 'deletedSince'];

/** One record's change as a subscriber receives it (on a FIFO queue, grouped by record id). */
export interface ChangeEvent {
  type: 'flatfeed.change';
  op: 'create' | 'update' | 'delete';
  feed: string;
  /** The run whose workbook the record is in. */
  runId: string;
  workbookId: string;
  sheetId: string;
  recordId: string;
  /** The record's version: the commit that last wrote it (`deleted` for a delete); with the id, the event's identity. */
  version: string;
  /** The changed fields (watched ones only, when the feed names `watchFields`): value before and after. */
  changes: Record<string, { from: unknown; to: unknown }>;
  /** The record's values now (for a delete: its last values). */
  values: Record<string, unknown>;
}

const OP: Record<ChangeType, ChangeEvent['op']> = { createdSince: 'create', updatedSince: 'update', deletedSince: 'delete' };

/**
 * A snapshot's diff record as a change event, or undefined when nothing the feed watches changed. Creates and deletes
 * are always events (every field changed); an update is one only if a watched field changed.
 */
export function toChangeEvent(rec: Flatfile.DiffRecord, type: ChangeType, cursor: Cursor, watchFields: readonly string[] | undefined): ChangeEvent | undefined {
  const changes: ChangeEvent['changes'] = {};
  const values: Record<string, unknown> = {};
  for (const [key, cell] of Object.entries(rec.values ?? {})) {
    const to = type === 'deletedSince' ? null : (cell.value ?? null);
    const from = type === 'createdSince' ? null : (cell.snapshotValue ?? null);
    const shown = type === 'deletedSince' ? from : to;
    if (shown !== null) values[key] = shown;
    if (!same(from, to) && (!watchFields || watchFields.includes(key))) changes[key] = { from, to };
  }
  if (type === 'updatedSince' && Object.keys(changes).length === 0) return undefined;
  const version = type === 'deletedSince' ? 'deleted' : (rec.commitId ?? rec.versionId ?? `values-${digest(JSON.stringify(values))}`);
  return {
    type: 'flatfeed.change',
    op: OP[type],
    feed: cursor.feed,
    runId: cursor.runId,
    workbookId: cursor.workbookId,
    sheetId: cursor.sheetId,
    recordId: rec.id,
    version,
    changes,
    values,
  };
}

/** SQS FIFO deduplication id of an event (≤ 128 characters): the same record version is one message. */
export const deduplicationId = (e: ChangeEvent): string => digest(`${e.sheetId}\0${e.recordId}\0${e.version}`);

function digest(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}

function same(a: unknown, b: unknown): boolean {
  return a === b || (typeof a === 'object' && typeof b === 'object' && JSON.stringify(a) === JSON.stringify(b));
}
