// The Flatfile resources egress calls, and only those: the egress function bundles these clients and their schemas,
// not all eight (about 0.1 MB less to parse at every cold start; infra/README.md, "Function bundles").
import { Files } from '@flatfile/api/api/resources/files/client/Client.js';
import { Jobs } from '@flatfile/api/api/resources/jobs/client/Client.js';
import { Sheets } from '@flatfile/api/api/resources/sheets/client/Client.js';
import { Spaces } from '@flatfile/api/api/resources/spaces/client/Client.js';
import { Workbooks } from '@flatfile/api/api/resources/workbooks/client/Client.js';
import type { FlatfileApi, FlatfileResourceClasses } from '../flatfile/client.js';

export type EgressResource = 'files' | 'jobs' | 'sheets' | 'spaces' | 'workbooks';
export type EgressApi = Pick<FlatfileApi, EgressResource>;

export const EGRESS_FLATFILE_RESOURCES: FlatfileResourceClasses<EgressResource> = {
  files: Files,
  jobs: Jobs,
  sheets: Sheets,
  spaces: Spaces,
  workbooks: Workbooks,
};
