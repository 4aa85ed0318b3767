import type { Jobs } from './jobs.js';
import type { CountsCache } from './realism.js';
import type { BlobStore } from './store/blobs.js';
import type { State } from './store/state.js';
import type { FileRecord } from './types.js';
import type { Workbooks } from './workbooks.js';
import type { RecordWriter } from './writes.js';

/** What route handlers work with. */
export interface Services {
  state: State;
  writer: RecordWriter;
  workbooks: Workbooks;
  jobs: Jobs;
  blobs: BlobStore;
  /** Record counts as the platform serves them: cached, stale while a sheet is being written (realism.ts). */
  counts: CountsCache;
  /** Writes sent with `X-Disable-Hooks: true` (and no `X-Force-Hooks`) skip `commit:created`. Off by default. */
  honourDisableHooks: boolean;
  /** Realism `fileCreatedAtUploadStart`: uploads are listed, and announced, from their first byte. */
  fileCreatedAtUploadStart: boolean;
  /** Tests: awaited once per upload after its first bytes (EmulatorOptions.holdUpload). */
  holdUpload?: (file: FileRecord) => Promise<void>;
}
