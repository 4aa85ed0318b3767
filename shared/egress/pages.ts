import type { FlatfileClient } from '@flatfile/api';
import type { SheetRecord } from './rows.js';

export interface PageQuery {
  pageSize: number;
  /** Only records changed after this commit (incremental export); every record when absent. */
  sinceCommitId?: string;
}

/**
 * The sheet's records page by page (1-based `pageNumber`), the next page fetched while the caller writes the current
 * one, so at most two pages are ever held. A page shorter than `pageSize` is the last: the deprecated
 * `includeCounts` is not needed to know where the sheet ends.
 */
export async function* recordPages(
  api: FlatfileClient,
  sheetId: string,
  query: PageQuery,
  call: <T>(fn: () => Promise<T>) => Promise<T>,
): AsyncGenerator<SheetRecord[]> {
  const fetchPage = (pageNumber: number) => {
    const page = call(async () => {
      const { data } = await api.records.get(sheetId, {
        pageSize: query.pageSize,
        pageNumber,
        ...(query.sinceCommitId ? { sinceCommitId: query.sinceCommitId } : {}),
      });
      return data.records as SheetRecord[];
    });
    // The caller may stop before awaiting a prefetched page; its failure then must not crash the process.
    page.catch(() => undefined);
    return page;
  };
  let next = fetchPage(1);
  for (let pageNumber = 1; ; pageNumber++) {
    const records = await next;
    const more = records.length === query.pageSize;
    if (more) next = fetchPage(pageNumber + 1);
    if (records.length > 0) yield records;
    if (!more) return;
  }
}
