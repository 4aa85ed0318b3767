import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PlanMemory, type RememberedEdge } from './mapping/memory.js';
import { idTail } from './ids.js';
import { RecordTable, type TableSnapshot } from './store/records.js';
import { State } from './store/state.js';
import type { Commit, Environment, FileRecord, FlatfileEvent, Job, Json, Secret, Sheet, Space, Workbook } from './types.js';
import { compileSchema } from './validation.js';

interface Snapshot {
  accountId: string;
  actorId: string;
  commitSeq: number;
  environments: Environment[];
  spaces: Space[];
  files: FileRecord[];
  workbooks: Workbook[];
  sheets: Sheet[];
  jobs: Job[];
  readyJobs: string[];
  plans: [string, Json][];
  commits: Commit[];
  commitRows: [string, { seq: number; rows: number[] }][];
  secrets: Secret[];
  events: FlatfileEvent[];
  planMemory: [string, RememberedEdge[]][];
}

const DEBOUNCE_MS = 10;

/** Atomic write: a crash mid-write leaves the previous file intact. */
function writeAtomic(path: string, data: string): void {
  writeFileSync(`${path}.tmp`, data);
  renameSync(`${path}.tmp`, path);
}

/**
 * `--data-dir`: entities and events in `state.json`, each sheet's records in `sheets/<id>.json` (rewritten only when
 * that sheet changed), file bytes in `files/` (see DiskBlobs). Saved shortly after every change and on stop.
 */
export class Persistence {
  private timer: NodeJS.Timeout | undefined;
  private written = new Map<string, number>();

  constructor(
    private readonly dir: string,
    private readonly state: State,
  ) {
    mkdirSync(join(dir, 'sheets'), { recursive: true });
  }

  /** The state saved in `dir`, or undefined on first start. */
  static load(dir: string): State | undefined {
    const path = join(dir, 'state.json');
    if (!existsSync(path)) return undefined;
    const snap = JSON.parse(readFileSync(path, 'utf8')) as Snapshot;
    const memory = new PlanMemory();
    memory.load(snap.planMemory);
    const state = new State(snap.accountId, snap.actorId, memory);
    state.commitSeq = snap.commitSeq;
    const fill = <T extends { id: string }>(map: Map<string, T>, items: T[]) => items.forEach((i) => map.set(i.id, i));
    fill(state.environments, snap.environments);
    fill(state.spaces, snap.spaces);
    fill(state.files, snap.files);
    fill(state.workbooks, snap.workbooks);
    fill(state.sheets, snap.sheets);
    fill(state.jobs, snap.jobs);
    fill(state.commits, snap.commits);
    fill(state.secrets, snap.secrets);
    snap.readyJobs.forEach((id) => state.readyJobs.add(id));
    snap.plans.forEach(([id, plan]) => state.plans.set(id, plan));
    snap.commitRows.forEach(([id, c]) => state.commitRows.set(id, { seq: c.seq, rows: Int32Array.from(c.rows) }));
    snap.events.forEach((e) => state.events.add(e));
    for (const sheet of snap.sheets) {
      const table = new RecordTable(idTail(sheet.id), compileSchema(sheet.config));
      const file = join(dir, 'sheets', `${sheet.id}.json`);
      if (existsSync(file)) table.restore(JSON.parse(readFileSync(file, 'utf8')) as TableSnapshot);
      state.tables.set(sheet.id, table);
    }
    return state;
  }

  schedule(): void {
    this.timer ??= setTimeout(() => this.flush(), DEBOUNCE_MS);
  }

  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const s = this.state;
    for (const [id, table] of s.tables) {
      if (this.written.get(id) === table.version) continue;
      writeAtomic(join(this.dir, 'sheets', `${id}.json`), JSON.stringify(table.snapshot()));
      this.written.set(id, table.version);
    }
    for (const id of this.written.keys()) {
      if (!s.tables.has(id)) {
        rmSync(join(this.dir, 'sheets', `${id}.json`), { force: true });
        this.written.delete(id);
      }
    }
    const snap: Snapshot = {
      accountId: s.accountId,
      actorId: s.actorId,
      commitSeq: s.commitSeq,
      environments: [...s.environments.values()],
      spaces: [...s.spaces.values()],
      files: [...s.files.values()],
      workbooks: [...s.workbooks.values()],
      sheets: [...s.sheets.values()],
      jobs: [...s.jobs.values()],
      readyJobs: [...s.readyJobs],
      plans: [...s.plans],
      commits: [...s.commits.values()],
      commitRows: [...s.commitRows].map(([id, c]) => [id, { seq: c.seq, rows: Array.from(c.rows) }]),
      secrets: [...s.secrets.values()],
      events: s.events.all(),
      planMemory: s.planMemory.toJSON(),
    };
    writeAtomic(join(this.dir, 'state.json'), JSON.stringify(snap));
  }
}
