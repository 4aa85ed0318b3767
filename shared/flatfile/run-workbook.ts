import type { FlatfileApi } from './client.js';
import type { Feed } from '../manifest/index.js';
import type { Ledger } from '../ledger/index.js';
import { PRIMARY_LABEL, workbookConfig } from './blueprint.js';

export interface RunWorkbook {
  workbookId: string;
  sheetId: string;
}

/**
 * The destination workbook of one run (one partner file): records of different files never share a sheet, so each
 * run's counts, validation and export are its own even when files of a feed arrive together, and a person fixing a
 * file in the UI sees just that file. Created once per run; a repeat finds it through the ledger.
 */
export async function ensureRunWorkbook(
  api: FlatfileApi,
  ledger: Ledger,
  feed: Feed,
  target: { spaceId: string; environmentId: string; fileName: string; runId?: string },
): Promise<RunWorkbook> {
  const run = target.runId ? await ledger.getRun(target.runId) : undefined;
  if (run?.workbookId && run.sheetId) return { workbookId: run.workbookId, sheetId: run.sheetId };

  const { data: workbook } = await api.workbooks.create(
    workbookConfig(feed, target.spaceId, target.environmentId, { fileName: target.fileName, runId: target.runId }),
  );
  const sheetId = workbook.sheets?.find((s) => s.slug === feed.sheet.slug)?.id;
  if (!sheetId) throw new Error(`workbook ${workbook.id} has no sheet "${feed.sheet.slug}"`);
  if (target.runId) {
    await ledger.link('workbook', workbook.id, target.runId);
    await ledger.updateRun(target.runId, { workbookId: workbook.id, sheetId });
  }
  return { workbookId: workbook.id, sheetId };
}

/** Is this one of the feed's destination workbooks (not a `[file]` workbook of raw extracted rows)? */
export function isDestinationWorkbook(
  workbook: { labels?: string[]; metadata?: unknown },
  feed: Feed,
): boolean {
  const meta = workbook.metadata as { flatfeed?: { feed?: string } } | undefined;
  return (workbook.labels ?? []).includes(PRIMARY_LABEL) && meta?.flatfeed?.feed === feed.name;
}
