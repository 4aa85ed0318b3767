/** Where a run is in the pipeline. Terminal states end a run; everything else is on its way. */
export type RunState =
  | 'received'
  | 'uploaded'
  | 'extracting'
  | 'mapping'
  | 'needs-review'
  | 'validating'
  | 'egressing'
  | 'done'
  | 'rejected'
  | 'unrouted'
  | 'expanded'
  | 'mismatch';

export const TERMINAL_STATES: readonly RunState[] = ['done', 'rejected', 'unrouted', 'expanded', 'mismatch', 'needs-review'];

export interface RunCounts {
  rowsRead?: number;
  recordsCreated?: number;
  valid?: number;
  invalid?: number;
  egressed?: number;
  rejected?: number;
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
  mapJobId?: string;
  egressJobId?: string;
  /** Fields the mapping could not fill with enough certainty (needs-review). */
  missingFields?: string[];
  createdAt: string;
  updatedAt: string;
}

/** The identity of a dropped object: the same bytes under the same key are the same run. */
export interface ObjectIdentity {
  bucket: string;
  key: string;
  etag: string;
  member?: string;
}
