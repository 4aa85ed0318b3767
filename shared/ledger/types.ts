import type { RunState, Stage } from '../run/states.js';
import type { SourceRows } from '../normalize/source-rows.js';

export type { RunState, Stage } from '../run/states.js';
export { TERMINAL_STATES } from '../run/states.js';

export interface RunCounts {
  rowsRead?: number;
  /** Blank rows (`,,,,`) in the file: skipped, never records, so not part of rowsRead. */
  blankRows?: number;
  recordsCreated?: number;
  valid?: number;
  invalid?: number;
  egressed?: number;
  rejected?: number;
}

/** When a stage started and ended (ISO); `endedAt` is absent while the run is in it. */
export interface StageTime {
  startedAt: string;
  endedAt?: string;
}

/** The last failure a step of the run met (retried or not), so a person sees why a run is slow or stuck. */
export interface RunError {
  at: string;
  stage: string;
  /** Stable code, e.g. `http-500`, `auth-refused`, `job-failed`. */
  code: string;
  message: string;
}

/** How far the current stage got, e.g. rows inserted by extraction or records exported by egress. */
/** What a stage counts its progress in: extraction the file's bytes read, validation the sheet's commits completed. */
export type ProgressUnit = 'records' | 'bytes' | 'commits';

export interface RunProgress {
  stage: Stage;
  done: number;
  total?: number;
  /** Absent: records. */
  unit?: ProgressUnit;
  at: string;
}

export interface Run {
  runId: string;
  feed: string;
  bucket: string;
  key: string;
  /** Member path inside an archive, when the run is one member of a zip. */
  member?: string;
  etag: string;
  versionId?: string;
  /** Which drop of the object made or last touched the run (S3 sequencer or version): a re-drop differs. */
  dropId?: string;
  state: RunState;
  reason?: string;
  spaceId?: string;
  /** The run's destination workbook and its one sheet. */
  workbookId?: string;
  sheetId?: string;
  fileId?: string;
  bytesIn?: number;
  bytesOut?: number;
  counts: RunCounts;
  outputs?: string[];
  /** Our extraction job of the run's file (formats the platform does not extract itself). */
  extractJobId?: string;
  mapJobId?: string;
  egressJobId?: string;
  /** Fields the mapping could not fill with enough certainty (needs-review). */
  missingFields?: string[];
  stages?: Partial<Record<Stage, StageTime>>;
  lastError?: RunError;
  progress?: RunProgress;
  /** Set while the run is in a stage (absent once it ended): the partition key of the watchdog's index. */
  activeStage?: Stage;
  /** When the run last moved or reported progress: the watchdog's index sorts by it. */
  progressAt?: string;
  /** What the partner should know although the file was accepted (normalize's warnings); repeated in the notice. */
  warnings?: string[];
  /**
   * The file's rows as the partner finds them again (normalize/source-rows.ts): the header's row and the stretches of
   * rows after it that are no records, or why the file's records cannot be numbered. Egress numbers each rejected
   * record by it. Absent where the file has no rows to number.
   */
  sourceRows?: SourceRows;
  /** How the partner's text file was written (ingress), for a rejects file in their layout (egress.rejectsLayout). */
  sourceFormat?: { delimiter?: string; encoding?: string; lineEnd?: '\r\n' | '\n' | '\r' };
  /** The partner's header of each mapped field (field key → header), from the executed mapping plan. */
  sourceHeaders?: Record<string, string>;
  /** Why records were rejected: each reason (values left out) with how many records it applied to, most first. */
  rejectReasons?: { reason: string; count: number }[];
  /** Which attempt at the run this is: absent for the first; each `flatfeed replay` starts the next. */
  attempt?: number;
  /** How each earlier attempt ended, oldest first (kept when a replay reopens the run). */
  attempts?: RunAttempt[];
  createdAt: string;
  updatedAt: string;
}

/** An earlier attempt at a run, as it ended, and the replay that followed it. */
export interface RunAttempt {
  attempt: number;
  state: RunState;
  reason?: string;
  counts: RunCounts;
  outputs?: string[];
  endedAt: string;
  replayedAt: string;
  /** Where the replay started the next attempt. */
  from: string;
}

/** The identity of a dropped object: the same bytes under the same key are the same run. */
export interface ObjectIdentity {
  bucket: string;
  key: string;
  etag: string;
  member?: string;
}
