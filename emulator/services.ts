import type { Jobs } from './jobs.js';
import type { BlobStore } from './store/blobs.js';
import type { State } from './store/state.js';
import type { Workbooks } from './workbooks.js';
import type { RecordWriter } from './writes.js';

/** What route handlers work with. */
export interface Services {
  state: State;
  writer: RecordWriter;
  workbooks: Workbooks;
  jobs: Jobs;
  blobs: BlobStore;
  /** Writes sent with `X-Disable-Hooks: true` (and no `X-Force-Hooks`) skip `commit:created`. Off by default. */
  honourDisableHooks: boolean;
}
