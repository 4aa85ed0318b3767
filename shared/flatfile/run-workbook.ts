import type { FlatfileApi } from './client.js';
import { createOnce } from './create-once.js';
import type { Feed } from '../manifest/index.js';
import type { Ledger } from '../ledger/index.js';
import { PRIMARY_LABEL, workbookConfig } from './blueprint.js';
import { TransientError } from '../errors/index.js';
import { doOnce, runStep } from '../run/step.js';

export interface RunWorkbook {
  workbookId: string;
  sheetId: string;
}

/** Creating a workbook is one API call; a holder that died frees the step after this. */
const WORKBOOK_LEASE_SECONDS = 120;

/**
 * The destination workbook of one run (one partner file): records of different files never share a sheet, so each
 * run's counts, validation and export are its own even when files of a feed arrive together, and a person fixing a
 * file in the UI sees just that file. Created once per run (the run's `workbook` step); a repeat gets the same one.
 * The workbook and its sheet are linked to the run, so their events find it.
 */
export async function ensureRunWorkbook(
  api: FlatfileApi,
  ledger: Ledger,
  feed: Feed,
  target: { spaceId: string; environmentId: string; fileName: string; runId?: string },
): Promise<RunWorkbook> {
  const create = async (): Promise<RunWorkbook> => {
    const config = workbookConfig(feed, target.spaceId, target.environmentId, { fileName: target.fileName, runId: target.runId });
    const send = async () => (await api.workbooks.create(config)).data;
    // A run's workbook carries its run id: after a lost response, the one the platform made is found and used.
    const workbook = target.runId
      ? await createOnce(send, async () => {
          const { data } = await api.workbooks.list({ spaceId: target.spaceId });
          return data.find((w) => (w.metadata as { flatfeed?: { runId?: unknown } } | undefined)?.flatfeed?.runId === target.runId);
        })
      : await send();
    const sheetId = workbook.sheets?.find((s) => s.slug === feed.sheet.slug)?.id;
    if (!sheetId) throw new Error(`workbook ${workbook.id} has no sheet "${feed.sheet.slug}"`);
    return { workbookId: workbook.id, sheetId };
  };
  const runId = target.runId;
  if (!runId) return create();
  const step = await doOnce(
    ledger,
    runStep(runId, 'workbook'),
    async () => {
      const made = await create();
      await ledger.link('workbook', made.workbookId, runId);
      await ledger.link('sheet', made.sheetId, runId);
      await ledger.updateRun(runId, made);
      return made;
    },
    { leaseSeconds: WORKBOOK_LEASE_SECONDS },
  );
  if (step.ran || step.state === 'done') return step.value;
  throw new TransientError(`run ${runId}: its workbook is being created by another delivery`);
}

/** Is this one of the feed's destination workbooks (not a `[file]` workbook of raw extracted rows)? */
export function isDestinationWorkbook(
  workbook: { labels?: string[]; metadata?: unknown },
  feed: Feed,
): boolean {
  const meta = workbook.metadata as { flatfeed?: { feed?: string } } | undefined;
  return (workbook.labels ?? []).includes(PRIMARY_LABEL) && meta?.flatfeed?.feed === feed.name;
}
