// The Flatfile resources the worker calls (extraction: files, jobs, records, workbooks; validation: commits; change
// subscriptions: snapshots, sheets), and only those: the worker bundles these clients and their schemas, not all nine
// (infra/README.md, "Function bundles").
import { Commits } from '@flatfile/api/api/resources/commits/client/Client.js';
import { Files } from '@flatfile/api/api/resources/files/client/Client.js';
import { Jobs } from '@flatfile/api/api/resources/jobs/client/Client.js';
import { Records } from '@flatfile/api/api/resources/records/client/Client.js';
import { Sheets } from '@flatfile/api/api/resources/sheets/client/Client.js';
import { Snapshots } from '@flatfile/api/api/resources/snapshots/client/Client.js';
import { Workbooks } from '@flatfile/api/api/resources/workbooks/client/Client.js';
import type { FlatfileResourceClasses } from '../flatfile/client.js';

export const WORKER_FLATFILE_RESOURCES: FlatfileResourceClasses<'commits' | 'files' | 'jobs' | 'records' | 'sheets' | 'snapshots' | 'workbooks'> = {
  commits: Commits,
  files: Files,
  jobs: Jobs,
  records: Records,
  sheets: Sheets,
  snapshots: Snapshots,
  workbooks: Workbooks,
};
