import { EventLog } from '../events.js';
import { notFound } from '../errors.js';
import { newId } from '../ids.js';
import type { RecordTable } from './records.js';
import type { PlanMemory } from '../mapping/memory.js';
import type { Commit, Environment, FileRecord, Job, Json, Secret, Sheet, SheetSnapshot, Space, Workbook } from '../types.js';

export interface CommitRows {
  seq: number;
  rows: Int32Array;
}

/** Every entity the emulator holds, keyed by id. Behaviour lives in the services that use it. */
export class State {
  readonly environments = new Map<string, Environment>();
  readonly spaces = new Map<string, Space>();
  readonly files = new Map<string, FileRecord>();
  readonly workbooks = new Map<string, Workbook>();
  readonly sheets = new Map<string, Sheet>();
  readonly tables = new Map<string, RecordTable>();
  readonly jobs = new Map<string, Job>();
  /** Jobs that have had their single `job:ready`. */
  readonly readyJobs = new Set<string>();
  readonly plans = new Map<string, Json>();
  readonly commits = new Map<string, Commit>();
  readonly commitRows = new Map<string, CommitRows>();
  readonly secrets = new Map<string, Secret>();
  readonly snapshots = new Map<string, SheetSnapshot>();
  commitSeq = 0;
  readonly events: EventLog;

  constructor(
    readonly accountId: string,
    readonly actorId: string,
    readonly planMemory: PlanMemory,
  ) {
    this.events = new EventLog(accountId, actorId);
  }

  static fresh(planMemory: PlanMemory): State {
    return new State(newId('acc'), newId('key'), planMemory);
  }

  environment(id: string): Environment {
    return need(this.environments.get(id), 'Environment', id, 'environmentId');
  }
  space(id: string): Space {
    return need(this.spaces.get(id), 'Space', id, 'spaceId');
  }
  file(id: string): FileRecord {
    return need(this.files.get(id), 'File', id, 'fileId');
  }
  workbook(id: string): Workbook {
    return need(this.workbooks.get(id), 'Workbook', id, 'workbookId');
  }
  sheet(id: string): Sheet {
    return need(this.sheets.get(id), 'Sheet', id, 'sheetId');
  }
  table(sheetId: string): RecordTable {
    return need(this.tables.get(sheetId), 'Sheet', sheetId, 'sheetId');
  }
  job(id: string): Job {
    return need(this.jobs.get(id), 'Job', id, 'jobId');
  }
  commit(id: string): Commit {
    return need(this.commits.get(id), 'Commit', id, 'commitId');
  }
  snapshot(id: string): SheetSnapshot {
    return need(this.snapshots.get(id), 'Snapshot', id, 'snapshotId');
  }

  sheetsOf(workbookId: string): Sheet[] {
    return [...this.sheets.values()].filter((s) => s.workbookId === workbookId);
  }

  /** Event context of a sheet: everything a listener filter such as `{ sheetSlug }` matches on. */
  sheetContext(sheet: Sheet): Json & { environmentId: string } {
    const wb = this.workbook(sheet.workbookId);
    return {
      environmentId: wb.environmentId,
      spaceId: wb.spaceId,
      workbookId: wb.id,
      sheetId: sheet.id,
      sheetSlug: sheet.slug,
      slugs: { sheet: sheet.slug },
    };
  }
}

function need<T>(value: T | undefined, kind: string, id: string, key: string): T {
  if (value === undefined) throw notFound(kind, id, key);
  return value;
}
