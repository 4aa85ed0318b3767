import { badRequest } from './errors.js';
import { newId } from './ids.js';
import type { State } from './store/state.js';
import type { Json, Sheet, SheetSnapshot } from './types.js';

// Sheet snapshots (`/v1/snapshots`): the records of a sheet frozen when taken, read back as the difference to the
// sheet now. Flatfile's API: `GET /snapshots/{id}/records?changeType=createdSince|updatedSince|deletedSince` answers
// DiffRecords whose cells carry `value` (now) and `snapshotValue` (then); `GET /snapshots/{id}?includeSummary=true`
// counts them (SDK types Snapshot, SnapshotSummary, DiffRecord, DiffValue; reference.flatfile.com snapshots pages).
// Not documented, so decided here: records in sheet order; a created record has only `value`s, a deleted one only
// `snapshotValue`s; without `changeType` every record of either side is listed.

export const CHANGE_TYPES = ['createdSince', 'updatedSince', 'deletedSince'] as const;
export type ChangeType = (typeof CHANGE_TYPES)[number];

interface DiffCell {
  value?: unknown;
  snapshotValue?: unknown;
}
export interface DiffRecordOut {
  id: string;
  /** The commit that last wrote the record (absent for a deleted record). */
  commitId?: string;
  versionId?: string;
  valid?: boolean;
  values: Record<string, DiffCell>;
}

export class Snapshots {
  constructor(private readonly state: State) {}

  take(sheet: Sheet, label: string | undefined, threadId: string | undefined): SheetSnapshot {
    const table = this.state.table(sheet.id);
    const rows: [number, Record<string, unknown>][] = table.liveRowNumbers().map((r) => [r, table.valuesOf(r)!]);
    const snap: SheetSnapshot = {
      id: newId('ss'),
      sheetId: sheet.id,
      ...(label !== undefined ? { label } : {}),
      ...(threadId !== undefined ? { threadId } : {}),
      createdAt: new Date().toISOString(),
      createdBy: this.state.actorId,
      config: structuredClone(sheet.config),
      rows,
    };
    this.state.snapshots.set(snap.id, snap);
    this.state.events.emit('snapshot:created', 'sheet', { ...this.state.sheetContext(sheet), snapshotId: snap.id }, { snapshotId: snap.id, sheetId: sheet.id });
    return snap;
  }

  /** The snapshot's records that differ from the sheet now, of one change type (or all), in sheet order. */
  diff(snap: SheetSnapshot, changeType: ChangeType | undefined): DiffRecordOut[] {
    const table = this.state.table(snap.sheetId);
    const then = new Map(snap.rows);
    const commitOfSeq = new Map<number, string>();
    for (const [id, c] of this.state.commitRows) if (this.state.commits.get(id)?.sheetId === snap.sheetId) commitOfSeq.set(c.seq, id);
    const version = (row: number) => {
      const id = commitOfSeq.get(table.seqOf(row));
      return id ? { commitId: id, versionId: id } : {};
    };
    const out: { row: number; rec: DiffRecordOut }[] = [];
    const want = (t: ChangeType) => changeType === undefined || changeType === t;
    for (const row of table.liveRowNumbers()) {
      const now = table.valuesOf(row)!;
      const before = then.get(row);
      if (!before) {
        if (want('createdSince')) out.push({ row, rec: { id: table.idOf(row), ...version(row), valid: table.isValid(row), values: cells(now, undefined) } });
        continue;
      }
      if (changedFields(before, now).length > 0 ? want('updatedSince') : changeType === undefined) {
        out.push({ row, rec: { id: table.idOf(row), ...version(row), valid: table.isValid(row), values: cells(now, before) } });
      }
    }
    if (want('deletedSince')) {
      for (const [row, before] of snap.rows) {
        if (table.valuesOf(row) === undefined) out.push({ row, rec: { id: table.idOf(row), values: cells(undefined, before) } });
      }
    }
    return out.sort((a, b) => a.row - b.row).map((o) => o.rec);
  }

  /** The snapshot as the API answers it; `summary` only when asked (the list endpoint never has it). */
  wire(snap: SheetSnapshot, withSummary: boolean): Json {
    const { rows: _rows, config, ...rest } = snap;
    if (!withSummary) return rest;
    const byField: Record<string, number> = {};
    for (const rec of this.diff(snap, 'updatedSince')) {
      for (const [k, c] of Object.entries(rec.values)) if (!sameValue(c.value, c.snapshotValue)) byField[k] = (byField[k] ?? 0) + 1;
    }
    const current = this.state.sheet(snap.sheetId).config.fields.map((f) => f.key);
    const then = config.fields.map((f) => f.key);
    const schemaDiff: Record<string, string> = {};
    for (const k of new Set([...then, ...current])) schemaDiff[k] = !then.includes(k) ? 'added' : !current.includes(k) ? 'removed' : 'unchanged';
    return {
      ...rest,
      summary: {
        createdSince: { total: this.diff(snap, 'createdSince').length },
        updatedSince: { total: this.diff(snap, 'updatedSince').length, byField },
        deletedSince: { total: this.diff(snap, 'deletedSince').length },
        schemaDiff,
        config,
      },
    };
  }

  static changeType(raw: string | null): ChangeType | undefined {
    if (raw === null) return undefined;
    if (!(CHANGE_TYPES as readonly string[]).includes(raw)) throw badRequest(`changeType must be one of ${CHANGE_TYPES.join(', ')}`, 'changeType');
    return raw as ChangeType;
  }
}

function changedFields(before: Record<string, unknown>, now: Record<string, unknown>): string[] {
  return [...new Set([...Object.keys(before), ...Object.keys(now)])].filter((k) => !sameValue(before[k], now[k]));
}

function cells(now: Record<string, unknown> | undefined, before: Record<string, unknown> | undefined): Record<string, DiffCell> {
  const out: Record<string, DiffCell> = {};
  for (const k of new Set([...Object.keys(before ?? {}), ...Object.keys(now ?? {})])) {
    const cell: DiffCell = {};
    if (now && now[k] !== undefined) cell.value = now[k];
    if (before && before[k] !== undefined) cell.snapshotValue = before[k];
    out[k] = cell;
  }
  return out;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  return typeof a === 'object' && typeof b === 'object' && JSON.stringify(a) === JSON.stringify(b);
}
