import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PlanMemory, type RememberedEdge } from './mapping/memory.js';
import { idTail } from './ids.js';
import { appendLines, readLines, rewriteLines } from './store/jsonl.js';
import { RecordTable, type LogLine } from './store/records.js';
import { State } from './store/state.js';
import type { Commit, Environment, FileRecord, FlatfileEvent, Job, Json, Secret, Sheet, SheetSnapshot, Space, Workbook } from './types.js';
import { compileSchema } from './validation.js';

/** Everything but records and events: small, so it is rewritten whole. */
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
  /** A commit's rows as [start, count, start, count, …] runs: an insert is one run however many rows it wrote. */
  commitRows: [string, { seq: number; runs: number[] }][];
  secrets: Secret[];
  planMemory: [string, RememberedEdge[]][];
}

const DEBOUNCE_MS = 10;
/** A sheet log is rewritten from the live rows once it holds this many times more entries (plus some slack). */
const COMPACT_FACTOR = 2;
const COMPACT_SLACK = 10_000;

/** Atomic write: a crash mid-write leaves the previous file intact. */
export function writeAtomic(path: string, data: string): void {
  writeFileSync(`${path}.tmp`, data);
  renameSync(`${path}.tmp`, path);
}

function toRuns(rows: Int32Array): number[] {
  const runs: number[] = [];
  for (let i = 0; i < rows.length; ) {
    const start = rows[i]!;
    let n = 1;
    while (i + n < rows.length && rows[i + n] === start + n) n++;
    runs.push(start, n);
    i += n;
  }
  return runs;
}

function fromRuns(runs: number[]): Int32Array {
  let total = 0;
  for (let i = 1; i < runs.length; i += 2) total += runs[i]!;
  const rows = new Int32Array(total);
  let at = 0;
  for (let i = 0; i < runs.length; i += 2) for (let k = 0; k < runs[i + 1]!; k++) rows[at++] = runs[i]! + k;
  return rows;
}

/**
 * `--data-dir`, written incrementally so a write costs what it changed, not what the emulator holds:
 * - `sheets/<id>.log`: JSON lines of row states (see LogLine), appended with the rows each write changed and
 *   compacted (atomically rewritten from the live rows) when it grows past twice the sheet;
 * - `events.jsonl`: every event as emitted, appended again when acknowledged (the last copy wins on load);
 * - `state.json`: the remaining entities, rewritten whole (atomically);
 * - `files/<id>`: upload bytes (see DiskBlobs);
 * - `snapshots/<id>.json`: sheet snapshots, written once when taken (they never change) and removed when deleted.
 * Saved 10 ms after a change and on stop; a crash loses at most that window, and a torn last line is skipped.
 */
export class Persistence {
  private timer: NodeJS.Timeout | undefined;
  /** Entries in each sheet's log, to know when to compact it. */
  private entries = new Map<string, number>();
  private pendingEvents: FlatfileEvent[] = [];
  /** Snapshots already on disk. */
  private savedSnapshots = new Set<string>();

  constructor(
    private readonly dir: string,
    private readonly state: State,
    loadedEntries = new Map<string, number>(),
  ) {
    mkdirSync(join(dir, 'sheets'), { recursive: true });
    mkdirSync(join(dir, 'snapshots'), { recursive: true });
    this.entries = loadedEntries;
    for (const id of state.snapshots.keys()) this.savedSnapshots.add(id);
    state.events.watch((e) => {
      this.pendingEvents.push(e);
      this.schedule();
    });
  }

  /** The state saved in `dir` and each sheet log's entry count, or undefined on first start. */
  static load(dir: string): { state: State; entries: Map<string, number> } | undefined {
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
    snap.commitRows.forEach(([id, c]) => state.commitRows.set(id, { seq: c.seq, rows: fromRuns(c.runs) }));
    readLines<FlatfileEvent>(join(dir, 'events.jsonl')).forEach((e) => state.events.add(e));
    const snapDir = join(dir, 'snapshots');
    for (const name of existsSync(snapDir) ? readdirSync(snapDir) : []) {
      if (!name.endsWith('.json')) continue;
      const snap = JSON.parse(readFileSync(join(snapDir, name), 'utf8')) as SheetSnapshot;
      state.snapshots.set(snap.id, snap);
    }
    const entries = new Map<string, number>();
    for (const sheet of snap.sheets) {
      const table = new RecordTable(idTail(sheet.id), compileSchema(sheet.config));
      let n = 0;
      for (const line of readLines<LogLine>(join(dir, 'sheets', `${sheet.id}.log`))) {
        table.replay(line);
        n += line.rows.length;
      }
      table.finishReplay();
      state.tables.set(sheet.id, table);
      entries.set(sheet.id, n);
    }
    return { state, entries };
  }

  schedule(): void {
    this.timer ??= setTimeout(() => this.flush(), DEBOUNCE_MS);
  }

  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const s = this.state;
    for (const [id, table] of s.tables) this.saveTable(id, table);
    for (const id of this.entries.keys()) {
      if (!s.tables.has(id)) {
        rmSync(join(this.dir, 'sheets', `${id}.log`), { force: true });
        this.entries.delete(id);
      }
    }
    this.saveSnapshots();
    appendLines(join(this.dir, 'events.jsonl'), this.pendingEvents);
    this.pendingEvents = [];
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
      commitRows: [...s.commitRows].map(([id, c]) => [id, { seq: c.seq, runs: toRuns(c.rows) }]),
      secrets: [...s.secrets.values()],
      planMemory: s.planMemory.toJSON(),
    };
    writeAtomic(join(this.dir, 'state.json'), JSON.stringify(snap));
  }

  private saveSnapshots(): void {
    const snapshots = this.state.snapshots;
    for (const [id, snap] of snapshots) {
      if (this.savedSnapshots.has(id)) continue;
      writeAtomic(join(this.dir, 'snapshots', `${id}.json`), JSON.stringify(snap));
      this.savedSnapshots.add(id);
    }
    for (const id of this.savedSnapshots) {
      if (snapshots.has(id)) continue;
      rmSync(join(this.dir, 'snapshots', `${id}.json`), { force: true });
      this.savedSnapshots.delete(id);
    }
  }

  /** Appends the rows that changed, or rewrites the log from the live rows once it has grown past twice the sheet. */
  private saveTable(id: string, table: RecordTable): void {
    const path = join(this.dir, 'sheets', `${id}.log`);
    const known = this.entries.get(id);
    let n = known ?? 0;
    const counted = function* (lines: Iterable<LogLine>) {
      for (const l of lines) {
        n += l.rows.length;
        yield l;
      }
    };
    if (known === undefined) {
      rewriteLines(path, counted(table.drainChanges(true)));
    } else {
      appendLines(path, counted(table.drainChanges()));
      if (n > COMPACT_FACTOR * table.total + COMPACT_SLACK) {
        n = 0;
        rewriteLines(path, counted(table.drainChanges(true)));
      }
    }
    this.entries.set(id, n);
  }
}
