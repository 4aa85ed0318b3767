// All nine resource clients, for the listener (it calls every one) and tests. Importing this module bundles all nine (about
// 0.3 MB minified with their schemas); a function that calls one or two resources names their classes itself.
import { Commits } from '@flatfile/api/api/resources/commits/client/Client.js';
import { Events } from '@flatfile/api/api/resources/events/client/Client.js';
import { Files } from '@flatfile/api/api/resources/files/client/Client.js';
import { Jobs } from '@flatfile/api/api/resources/jobs/client/Client.js';
import { Records } from '@flatfile/api/api/resources/records/client/Client.js';
import { Sheets } from '@flatfile/api/api/resources/sheets/client/Client.js';
import { Snapshots } from '@flatfile/api/api/resources/snapshots/client/Client.js';
import { Spaces } from '@flatfile/api/api/resources/spaces/client/Client.js';
import { Workbooks } from '@flatfile/api/api/resources/workbooks/client/Client.js';
import type { FlatfileResource, FlatfileResourceClasses } from './client.js';

export const ALL_FLATFILE_RESOURCES: FlatfileResourceClasses<FlatfileResource> = {
  commits: Commits,
  events: Events,
  files: Files,
  jobs: Jobs,
  records: Records,
  sheets: Sheets,
  snapshots: Snapshots,
  spaces: Spaces,
  workbooks: Workbooks,
};
