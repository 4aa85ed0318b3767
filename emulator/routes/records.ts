import type { IncomingHttpHeaders } from 'node:http';
import { Readable } from 'node:stream';
import { badRequest } from '../errors.js';
import { boolParam, intParam, parseJson, readBody, readJson, success, type Reply } from '../http.js';
import type { Router } from '../router.js';
import type { Services } from '../services.js';
import type { Leased } from '../store/fragments.js';
import type { ColumnBatch } from '../store/insert-parser.js';
import type { CellIn, RecordUpdate, Selection } from '../store/records.js';

const MAX_IDS = 100;
const FILTERS = new Set(['valid', 'error', 'all', 'none']);
/** v2 read options the emulator does not implement: a 400 rather than an answer without them. */
const V2_UNSUPPORTED = ['includeLinks', 'includeMessages', 'includeMetadata', 'includeConfig', 'includeSheet', 'includeSheetSlug', 'includeTimestamps'];

/** The record-selection query parameters shared by records and counts. */
export function selection(s: Services, q: URLSearchParams, sheetId: string): Selection {
  const sel: Selection = {};
  const commitId = q.get('commitId') ?? q.get('versionId');
  if (commitId) {
    const commit = s.state.commit(commitId);
    if (commit.sheetId !== sheetId) throw badRequest(`Commit ${commitId} belongs to another sheet`, 'commitId');
    sel.commitRows = s.state.commitRows.get(commitId)?.rows ?? new Int32Array(0);
  }
  const since = q.get('sinceCommitId') ?? q.get('sinceVersionId');
  if (since) sel.sinceSeq = s.state.commitRows.get(s.state.commit(since).id)?.seq ?? 0;
  const filter = q.get('filter');
  if (filter !== null) {
    if (!FILTERS.has(filter)) throw badRequest('filter must be one of valid, error, all, none', 'filter');
    sel.filter = filter as Selection['filter'];
  }
  const ids = q.getAll('ids');
  if (ids.length > MAX_IDS) throw badRequest(`At most ${MAX_IDS} ids`, 'ids');
  if (ids.length > 0) sel.ids = ids;
  for (const k of ['filterField', 'searchValue', 'searchField', 'sortField'] as const) {
    const v = q.get(k);
    if (v !== null && v !== '') sel[k] = v;
  }
  const dir = q.get('sortDirection');
  if (dir !== null) {
    if (dir !== 'asc' && dir !== 'desc') throw badRequest('sortDirection must be asc or desc', 'sortDirection');
    sel.sortDirection = dir;
  }
  return sel;
}

/** A JSON head, the records' byte ranges and a JSON tail, sent as they are. */
/** A JSON reply of records between `head` and `tail`; their bytes are released once the response has left. */
function joined(head: string, records: Leased, tail: string): Reply {
  return { json: [Buffer.from(head), ...records.parts, Buffer.from(tail)], release: records.release };
}

function hooksFor(s: Services, headers: IncomingHttpHeaders): boolean {
  if (!s.honourDisableHooks) return true;
  return headers['x-disable-hooks'] !== 'true' || headers['x-force-hooks'] === 'true';
}

async function readArray(req: Parameters<typeof readJson>[0]): Promise<unknown[]> {
  return asArray(await readJson(req));
}

function asArray(body: unknown): unknown[] {
  if (!Array.isArray(body)) throw badRequest('Request body must be a JSON array of records');
  return body;
}

export function recordRoutes(r: Router, s: Services): void {
  const { state, writer } = s;

  r.add('GET', '/sheets/:id/records', ({ params, query }): Reply => {
    const sheet = state.sheet(params.id!);
    const table = state.table(sheet.id);
    const pageSize = intParam(query, 'pageSize', 10_000, 1, 10_000);
    const pageNumber = intParam(query, 'pageNumber', 1, 1, Number.MAX_SAFE_INTEGER);
    const rows = table.select(selection(s, query, sheet.id));
    const from = Math.min(rows.length, (pageNumber - 1) * pageSize);
    const to = Math.min(rows.length, from + pageSize);
    let extra = '';
    if (boolParam(query, 'includeCounts')) extra += `,"counts":${JSON.stringify({ ...table.counts(), total: rows.length })}`;
    else if (boolParam(query, 'includeLength')) extra += `,"counts":${JSON.stringify({ total: rows.length, valid: 0, error: 0 })}`;
    const commitId = query.get('commitId');
    if (commitId) extra += `,"commitId":${JSON.stringify(commitId)},"versionId":${JSON.stringify(commitId)}`;
    // Messages only when asked for: `includeMessages` defaults to false (API reference, GET /sheets/{id}/records).
    const withMessages = boolParam(query, 'includeMessages') === true;
    return joined('{"data":{"records":[', table.page(rows, from, to, query.getAll('fields'), withMessages), `],"success":true${extra}}}`);
  });

  // The v2 records endpoint (`client.records.v2`): flat JSON Lines, the cheapest way to read a sheet. Paged when
  // `pageSize` is given, otherwise the whole selection, sent in chunks.
  r.add('GET', '/v2-alpha/records.jsonl', ({ query }): Reply => {
    const sheetId = query.get('sheetId');
    if (!sheetId) throw badRequest('The emulator reads v2 records by sheetId only', 'sheetId');
    for (const flag of V2_UNSUPPORTED) {
      if (boolParam(query, flag)) throw badRequest(`${flag} is not supported by the emulator`, flag);
    }
    for (const param of ['workbookId', 'sheetSlug', 'q', 'forEvent']) {
      if (query.get(param)) throw badRequest(`${param} is not supported by the emulator`, param);
    }
    const sheet = state.sheet(sheetId);
    const table = state.table(sheet.id);
    const rows = table.select(selection(s, query, sheet.id));
    const fields = query.getAll('fields');
    const emptyCells = boolParam(query, 'includeEmptyCells') ?? false;
    // `noContext` leaves out the sheet id each line otherwise carries.
    const context = boolParam(query, 'noContext') ? undefined : sheet.id;
    const contentType = 'application/jsonl';
    if (query.get('pageSize') !== null) {
      const pageSize = intParam(query, 'pageSize', 10_000, 1, 10_000);
      const pageNumber = intParam(query, 'pageNumber', 1, 1, Number.MAX_SAFE_INTEGER);
      const from = Math.min(rows.length, (pageNumber - 1) * pageSize);
      const to = Math.min(rows.length, from + pageSize);
      const page = table.jsonlPage(rows, from, to, context, fields, emptyCells, sheet.slug);
      return { json: page.parts, release: page.release, contentType };
    }
    const sent: Leased[] = [];
    const chunks = function* () {
      for (let from = 0; from < rows.length; from += 10_000) {
        const page = table.jsonlPage(rows, from, Math.min(rows.length, from + 10_000), context, fields, emptyCells, sheet.slug);
        sent.push(page);
        yield page.parts[0]!;
      }
    };
    return { stream: Readable.from(chunks()), contentType, release: () => sent.forEach((p) => p.release()) };
  });

  // Where records stand in a query's result (`records.indices`): the 0-based index of each id among the records the
  // other parameters select, in their order; -1 for an id the query does not select. The SDK reads the body as the
  // bare array (GetRecordIndicesResponse).
  r.add('GET', '/sheets/:id/records/indices', ({ params, query }): Reply => {
    const sheet = state.sheet(params.id!);
    const table = state.table(sheet.id);
    const ids = query.getAll('ids');
    if (ids.length === 0 || ids.length > MAX_IDS) throw badRequest(`ids: give 1 to ${MAX_IDS} record ids`, 'ids');
    const rest = new URLSearchParams(query);
    rest.delete('ids');
    const rows = table.select(selection(s, rest, sheet.id));
    const sortedRows = !rest.get('sortField');
    const at = new Map<number, number>();
    if (!sortedRows) rows.forEach((row, i) => at.set(row, i));
    return {
      body: ids.map((id) => {
        let row: number;
        try {
          row = table.rowOf(id);
        } catch {
          return { id, index: -1 };
        }
        // Unsorted results are in row order: a binary search, not a map of the whole sheet per request.
        return { id, index: sortedRows ? indexIn(rows, row) : (at.get(row) ?? -1) };
      }),
    };
  });

  r.add('POST', '/sheets/:id/records', async ({ req, params }): Promise<Reply> => {
    const sheet = state.sheet(params.id!);
    const table = state.table(sheet.id);
    const raw = await readBody(req);
    // Plain records of the sheet's fields are read straight into columns; anything else is parsed as JSON.
    let body: Record<string, CellIn>[] | ColumnBatch | undefined = table.parseInsert(raw);
    if (!body) {
      const records = asArray(parseJson(raw));
      records.forEach((rec, i) => {
        if (!rec || typeof rec !== 'object' || Array.isArray(rec)) throw badRequest(`Record ${i} must be an object of cells`);
      });
      body = records as Record<string, CellIn>[];
    }
    const { commitId, rows } = writer.insert(sheet, body, { hooks: hooksFor(s, req.headers) });
    const ids = commitId ? `,"commitId":"${commitId}","versionId":"${commitId}"` : '';
    const tail = `],"counts":${JSON.stringify(table.counts())}${ids}}}`;
    return joined('{"data":{"success":true,"records":[', table.page(rows, 0, rows.length), tail);
  });

  r.add('PUT', '/sheets/:id/records', async ({ req, params, query }): Promise<Reply> => {
    const sheet = state.sheet(params.id!);
    const body = await readArray(req);
    const referenced = query.get('commitId') ?? query.get('versionId') ?? undefined;
    const { commitId } = writer.update(sheet, body as RecordUpdate[], referenced, { hooks: hooksFor(s, req.headers) });
    // Flatfile answers an update that changes nothing with 304 (util-common treats it as "not-modified").
    if (!commitId) return { status: 304, empty: true };
    return { body: { data: { success: true, versionId: commitId, commitId } } };
  });

  r.add('DELETE', '/sheets/:id/records', ({ params, query }) => {
    const sheet = state.sheet(params.id!);
    const table = state.table(sheet.id);
    const ids = query.getAll('ids');
    if (ids.length === 0 || ids.length > MAX_IDS) throw badRequest(`ids: give 1 to ${MAX_IDS} record ids`, 'ids');
    ids.forEach((id) => table.rowOf(id));
    writer.delete(sheet, () => table.delete(ids));
    return success();
  });
}

/** The index of `row` in ascending `rows`, or -1. */
function indexIn(rows: Int32Array, row: number): number {
  let lo = 0;
  let hi = rows.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = rows[mid]!;
    if (v === row) return mid;
    if (v < row) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
