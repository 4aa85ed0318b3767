import { setTimeout as sleep } from 'node:timers/promises';
import { TransientError } from '../errors/index.js';
import type { Flatfile } from '@flatfile/api';
import type { FlatfileApi } from '../flatfile/client.js';

export interface SettleOptions {
  /** Records the sheet must count once settled (the run's recordsCreated); absent: counts that stop changing. */
  expectedTotal?: number;
  /** Give up after this long: pending commits are thrown (retried later), unsettled counts reported. */
  timeoutMs?: number;
  /** Pause between reads. */
  intervalMs?: number;
  /**
   * Without an expected total, counts must read the same for this long: longer than the platform's count lag
   * (the emulator's is 2 s; Flatfile's is undocumented — changelog 2023-09-01 only says counts are cached).
   */
  stableMs?: number;
  /** Only the counts: for sheets whose commits nobody completes (the `[file]` sheets of extraction). */
  countsOnly?: boolean;
  now?: () => number;
}

export interface SheetCounts {
  total: number;
  valid: number;
  error: number;
}

export interface Settled {
  settled: boolean;
  counts: SheetCounts;
  /** Why the counts could not be trusted, with both figures; set only when not settled. */
  note?: string;
}

/**
 * Waits until a sheet is quiet enough to export: no commit still being validated (half-validated data is never
 * exported) and record counts that have caught up with the writes (Flatfile caches counts and refreshes them after
 * writes, announcing `sheet:counts-updated`). Bounded: commits still pending at the deadline are thrown as a
 * TransientError (SQS redelivers the egress message); counts that never settle are returned with a note for the
 * reconciliation, which then ends the run `mismatch` with both figures.
 */
export async function waitUntilSettled(api: Pick<FlatfileApi, 'sheets'>, sheetId: string, options: SettleOptions = {}): Promise<Settled> {
  const { timeoutMs = 60_000, intervalMs = 500, stableMs = 3_000, now = Date.now } = options;
  const started = now();
  let stableSince = started;
  let previous: SheetCounts | undefined;
  for (;;) {
    const pending = options.countsOnly ? [] : (await api.sheets.getSheetCommits(sheetId, { completed: false })).data;
    const { data } = await api.sheets.getRecordCounts(sheetId);
    const counts: SheetCounts = { total: data.counts.total, valid: data.counts.valid, error: data.counts.error };
    if (!previous || !sameCounts(previous, counts)) stableSince = now();
    previous = counts;
    const consistent = counts.valid + counts.error === counts.total;
    const caughtUp =
      options.expectedTotal !== undefined ? counts.total === options.expectedTotal : now() - stableSince >= stableMs;
    if (pending.length === 0 && consistent && caughtUp) return { settled: true, counts };
    if (now() - started >= timeoutMs) {
      if (pending.length > 0) {
        throw new TransientError(`${pending.length} commit(s) on sheet ${sheetId} are still being validated after ${Math.round(timeoutMs / 1000)} s`);
      }
      const expected = options.expectedTotal !== undefined ? `, the run created ${options.expectedTotal}` : '';
      return {
        settled: false,
        counts,
        note: `record counts of sheet ${sheetId} did not settle within ${Math.round(timeoutMs / 1000)} s: the platform counts ${counts.total} (valid ${counts.valid} + invalid ${counts.error})${expected}`,
      };
    }
    await sleep(intervalMs);
  }
}

/** A sheet's record count once it has stopped changing, whatever its commits. */
export async function settledTotal(api: Pick<FlatfileApi, 'sheets'>, sheetId: string, options: Omit<SettleOptions, 'expectedTotal'> = {}): Promise<number> {
  return (await waitUntilSettled(api, sheetId, { ...options, countsOnly: true })).counts.total;
}

/** The settled record count of the `[file]` sheet a file was extracted into (undefined when it has none). */
export async function extractedRecords(
  api: Pick<FlatfileApi, 'sheets' | 'files' | 'workbooks'>,
  fileId: string,
  options: Omit<SettleOptions, 'expectedTotal'> = {},
): Promise<number | undefined> {
  const sheet = await fileSheet(api, fileId);
  return sheet ? settledTotal(api, sheet.id, options) : undefined;
}

/** The `[file]` sheet a file was extracted into, with the fields extraction made of its columns (undefined: none). */
export async function fileSheet(api: Pick<FlatfileApi, 'files' | 'workbooks'>, fileId: string): Promise<Flatfile.Sheet | undefined> {
  const { data: file } = await api.files.get(fileId);
  if (!file.workbookId) return undefined;
  const { data: workbook } = await api.workbooks.get(file.workbookId);
  return workbook.sheets?.[0];
}

const sameCounts = (a: SheetCounts, b: SheetCounts) => a.total === b.total && a.valid === b.valid && a.error === b.error;
