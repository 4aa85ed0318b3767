import { newId } from './ids.js';
import type { State } from './store/state.js';
import type { ColumnBatch } from './store/insert-parser.js';
import type { CellIn, RecordUpdate } from './store/records.js';
import type { Commit, Sheet } from './types.js';

/** Flatfile batches big writes into commits of at most this many rows, one `commit:created` each. */
export const COMMIT_SLICE = 10_000;

export interface WriteOptions {
  /** Emit `commit:created` so record hooks run (false for writes that must not re-trigger hooks). */
  hooks: boolean;
}

/** Record writes with their side effects: commits, validation (in the table), and events. */
export class RecordWriter {
  /** Commits whose completion is on its way (realism `commitLagMs`). */
  private readonly completing = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly state: State,
    /** How long after being completed a commit reads as complete (realism.ts); 0: at once. */
    private readonly commitLagMs = 0,
  ) {}

  /** Inserts records, as objects of cells or read column-wise from the body (`RecordTable.parseInsert`). */
  insert(sheet: Sheet, records: Record<string, CellIn | undefined>[] | ColumnBatch, opts: WriteOptions): { commitId?: string; rows: Int32Array } {
    const table = this.state.table(sheet.id);
    const count = Array.isArray(records) ? records.length : records.count;
    const all = new Int32Array(count);
    let commitId: string | undefined;
    for (let at = 0; at < count; at += COMMIT_SLICE) {
      const commit = this.newCommit(sheet);
      const seq = this.state.commitRows.get(commit.id)!.seq;
      const rows = Array.isArray(records)
        ? table.insert(records.slice(at, at + COMMIT_SLICE), seq)
        : table.insertColumns(records.columns, at, Math.min(count, at + COMMIT_SLICE), seq);
      all.set(rows, at);
      this.finishCommit(sheet, commit, rows, 'records:created', opts);
      if (!opts.hooks) this.complete(commit.id);
      commitId = commit.id;
    }
    return { commitId, rows: all };
  }

  /** Updates records; `referencedCommit` (the `?commitId=` of a hook's write-back) is completed by this write. */
  update(sheet: Sheet, records: RecordUpdate[], referencedCommit: string | undefined, opts: WriteOptions): { commitId?: string; changed: number } {
    const table = this.state.table(sheet.id);
    if (referencedCommit) this.state.commit(referencedCommit);
    const seq = this.state.commitSeq + 1;
    const changed = table.update(records, seq);
    let commitId: string | undefined;
    if (changed.length > 0) {
      const commit = this.newCommit(sheet);
      this.state.commitRows.get(commit.id)!.rows = changed;
      // A write-back that references a commit is the hook's own output: it completes that commit and must not
      // start another hook round.
      const hooks = opts.hooks && !referencedCommit;
      this.finishCommit(sheet, commit, changed, 'records:updated', { hooks });
      if (!hooks) this.complete(commit.id);
      commitId = commit.id;
    }
    if (referencedCommit) this.complete(referencedCommit);
    return { commitId, changed: changed.length };
  }

  delete(sheet: Sheet, rows: () => Int32Array): { commitId?: string; deleted: number } {
    const commit = this.newCommit(sheet);
    const deleted = rows();
    this.state.commitRows.get(commit.id)!.rows = deleted;
    this.finishCommit(sheet, commit, deleted, 'records:deleted', { hooks: true });
    return { commitId: commit.id, deleted: deleted.length };
  }

  /**
   * Marks a commit complete, `commitLagMs` later when realism delays it; `commit:completed` fires only for workbooks
   * that track changes.
   */
  complete(commitId: string): void {
    const commit = this.state.commit(commitId);
    if (commit.completedAt || this.completing.has(commitId)) return;
    if (this.commitLagMs <= 0) return this.completeNow(commitId);
    const timer = setTimeout(() => this.completeNow(commitId), this.commitLagMs);
    timer.unref();
    this.completing.set(commitId, timer);
  }

  /** Resolves once no completion is on its way (tests that drive listeners by hand wait on it, as on `jobs.idle()`). */
  async idle(): Promise<void> {
    while (this.completing.size > 0) await new Promise((r) => setTimeout(r, 25));
  }

  /** Completes at once every commit whose completion is still on its way (the emulator is stopping). */
  flush(): void {
    for (const [id, timer] of this.completing) {
      clearTimeout(timer);
      this.completeNow(id);
    }
  }

  private completeNow(commitId: string): void {
    this.completing.delete(commitId);
    const commit = this.state.commits.get(commitId);
    if (!commit || commit.completedAt) return;
    commit.completedAt = new Date().toISOString();
    commit.completedBy = this.state.actorId;
    const sheet = this.state.sheets.get(commit.sheetId);
    if (!sheet || !this.tracksChanges(sheet)) return;
    this.state.events.emit('commit:completed', 'workbook', { ...this.state.sheetContext(sheet), commitId, versionId: commitId }, {
      sheetId: sheet.id,
      workbookId: sheet.workbookId,
      versionId: commitId,
      commitId,
    });
  }

  private tracksChanges(sheet: Sheet): boolean {
    return !!this.state.workbooks.get(sheet.workbookId)?.settings?.trackChanges;
  }

  private newCommit(sheet: Sheet): Commit {
    const commit: Commit = {
      id: newId('vr'),
      sheetId: sheet.id,
      createdBy: this.state.actorId,
      createdAt: new Date().toISOString(),
    };
    this.state.commits.set(commit.id, commit);
    this.state.commitRows.set(commit.id, { seq: ++this.state.commitSeq, rows: new Int32Array(0) });
    return commit;
  }

  private finishCommit(sheet: Sheet, commit: Commit, rows: Int32Array, topic: string, opts: WriteOptions): void {
    this.state.commitRows.get(commit.id)!.rows = rows;
    const context = { ...this.state.sheetContext(sheet), commitId: commit.id, versionId: commit.id };
    this.state.events.emit(topic, 'workbook', context, {
      sheetId: sheet.id,
      workbookId: sheet.workbookId,
      commitId: commit.id,
      recordCount: rows.length,
    });
    if (!opts.hooks) return;
    this.state.events.emit(
      'commit:created',
      'workbook',
      context,
      {
        sheetId: sheet.id,
        workbookId: sheet.workbookId,
        versionId: commit.id,
        sheetSlug: sheet.slug,
        trackChanges: this.tracksChanges(sheet),
      },
      { dataUrl: `v1/sheets/${sheet.id}/records?commitId=${commit.id}` },
    );
  }
}
