import type { FlatfileApi } from '../flatfile/client.js';
import type { RunCounts, RunState } from '../ledger/index.js';
import type { ExportTally } from './reconcile.js';

export type EgressMode = 'incremental' | 'full';

/**
 * What an export leaves on the workbook (`metadata.flatfeed.sync`) and the Space (`metadata.flatfeed.lastSync`): the
 * point-in-time reference Flatfile's headless guide suggests. Incremental exports start from `lastSyncedCommitId`.
 */
export interface SyncStamp {
  lastSyncedAt: string;
  /** The run exported, or the "Sync now" job id when there was no run. */
  runId: string;
  jobId: string;
  mode: EgressMode;
  state: RunState;
  /** The newest commit on the sheet when the export started: the next incremental export reads records changed after it. */
  lastSyncedCommitId?: string;
  /** Where this export's scope started (its `sinceCommitId`); a re-run of the same run starts there again. */
  baseCommitId?: string;
  counts: RunCounts;
  export: ExportTally;
  objects: string[];
}

type Meta = Record<string, unknown>;

const asMeta = (v: unknown): Meta => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Meta) : {});

/** The stamp of the workbook's last export, if any. */
export function previousSync(workbookMetadata: unknown): SyncStamp | undefined {
  const sync = asMeta(asMeta(workbookMetadata).flatfeed).sync;
  return sync && typeof sync === 'object' ? (sync as SyncStamp) : undefined;
}

/**
 * The scope of an export. `full` reads everything. `incremental` reads records changed after the last export's
 * `lastSyncedCommitId` (GET records `sinceCommitId`, which both Flatfile and the emulator support; cell `updatedAt`
 * is not returned by the emulator and would need a scan) — except when the last export was this same run: a re-run
 * then reads from that export's own base again, so it rewrites the same records instead of an empty file.
 */
export function exportBase(previous: SyncStamp | undefined, exportId: string): string | undefined {
  return previous?.runId === exportId ? previous.baseCommitId : previous?.lastSyncedCommitId;
}

/** The newest of a sheet's commits (the list is in creation order; a stable sort keeps that order for equal times). */
export function newestCommitId(commits: readonly { id: string; createdAt: Date | string }[]): string | undefined {
  const sorted = [...commits].sort((a, b) => new Date(a.createdAt).getTime() - new Date(b.createdAt).getTime());
  return sorted.at(-1)?.id;
}

/** Stamps the workbook and its Space, merging into their metadata (other keys, ours and others', are kept). */
export async function stampSync(api: Pick<FlatfileApi, 'workbooks' | 'spaces'>, workbookId: string, stamp: SyncStamp): Promise<void> {
  const { data: workbook } = await api.workbooks.get(workbookId);
  const wbMeta = asMeta(workbook.metadata);
  await api.workbooks.update(workbookId, {
    metadata: { ...wbMeta, flatfeed: { ...asMeta(wbMeta.flatfeed), sync: stamp } },
  });
  const { data: space } = await api.spaces.get(workbook.spaceId);
  const spaceMeta = asMeta(space.metadata);
  await api.spaces.update(workbook.spaceId, {
    metadata: { ...spaceMeta, flatfeed: { ...asMeta(spaceMeta.flatfeed), lastSync: { ...stamp, workbookId } } },
  });
}
