import type { FlatfileConnection } from '../flatfile/client.js';
import { flatfileRequest } from '../flatfile/transport.js';
import type { FlatfileQuery } from '../flatfile/base-url.js';
import type { RecordUpdate, SheetRecord, StoredMessage } from './types.js';

/** A record as `GET /v1/sheets/{id}/records` returns it: an object per cell, with its messages. */
interface V1Record {
  id: string;
  values: Record<string, { value?: unknown; messages?: StoredMessage[] } | null | undefined>;
}

/**
 * Pages through the records of one commit until a short page; one page in memory at a time. Read through the
 * gateway's raw transport and JSON.parse, not the SDK: the SDK runs every record of a page through its response
 * schema, which at 200,000 records cost 17.5 of the functions' 47 busy CPU seconds (node --cpu-prof, bench e2e).
 *
 * `allMessages`: whether every record's messages are needed, or only those of records holding an error. Without a
 * feed hook our validation writes only errors (shared/validate/compile.ts), so a record carrying a message of ours
 * carries an error and is among the commit's `filter=error` records. Then the values come from the v2 endpoint
 * (`/v2-alpha/records.jsonl`, flat JSON Lines, what `client.records.v2` reads; egress reads valid records the same
 * way) and the messages from v1 for the commit's invalid records only: the v1 pages with messages were 780 bytes and
 * about 40 objects a record, 16 of the functions' 98 busy CPU seconds at 1M rows (bench e2e profile). A hook may
 * leave warnings and infos on valid records: then every record is read from v1 with its messages, as before.
 * GETs: the transport retries them.
 */
export async function* commitPages(
  conn: FlatfileConnection,
  sheetId: string,
  commitId: string,
  pageSize: number,
  allMessages: boolean,
  fetchImpl: typeof fetch = fetch,
): AsyncGenerator<SheetRecord[]> {
  if (allMessages) {
    for await (const page of v1Pages(conn, sheetId, { commitId }, pageSize, fetchImpl)) yield page.map(flatRecord);
    return;
  }
  const messages = new Map<string, SheetRecord['messages']>();
  for await (const page of v1Pages(conn, sheetId, { commitId, filter: 'error' }, pageSize, fetchImpl)) {
    for (const record of page) {
      const flat = flatRecord(record);
      if (flat.messages) messages.set(flat.id, flat.messages);
    }
  }
  for (let pageNumber = 1; ; pageNumber++) {
    const what = `GET v2 records of commit ${commitId} page ${pageNumber}`;
    const res = await flatfileRequest(
      conn,
      { method: 'GET', path: 'v2-alpha/records.jsonl', query: { sheetId, commitId, noContext: true, pageSize, pageNumber } },
      fetchImpl,
    );
    const records = jsonlRecords(Buffer.from(await res.arrayBuffer()), what);
    if (records.length > pageSize) throw new Error(`${what}: ${records.length} records for a page of ${pageSize}; the server is not paging`);
    for (const record of records) {
      const m = messages.get(record.id);
      if (m) record.messages = m;
    }
    if (records.length > 0) yield records;
    if (records.length < pageSize) return;
  }
}

/** v1 pages of a commit's records (`includeMessages`: the documented default is false), until a short page. */
async function* v1Pages(
  conn: FlatfileConnection,
  sheetId: string,
  query: FlatfileQuery,
  pageSize: number,
  fetchImpl: typeof fetch,
): AsyncGenerator<V1Record[]> {
  for (let pageNumber = 1; ; pageNumber++) {
    const res = await flatfileRequest(
      conn,
      { method: 'GET', path: `sheets/${encodeURIComponent(sheetId)}/records`, query: { ...query, includeMessages: true, pageSize, pageNumber } },
      fetchImpl,
    );
    const records = (JSON.parse(await textOf(res)) as { data: { records: V1Record[] } }).data.records;
    if (records.length > pageSize) throw new Error(`GET records of sheet ${sheetId} page ${pageNumber}: ${records.length} records for a page of ${pageSize}; the server is not paging`);
    if (records.length > 0) yield records;
    if (records.length < pageSize) return;
  }
}

/**
 * A response body as text, decoded as `Response.text()` decodes it (UTF-8, bad bytes as U+FFFD, leading byte-order
 * marks dropped: undici drops one and its TextDecoder another) but by Buffer's decoder: a quarter of TextDecoder's CPU
 * for a 3 MB page of 10,000 records with a few non-ASCII letters (2.8 against 10.9 ms, Node 24).
 */
export async function textOf(res: Response): Promise<string> {
  const text = Buffer.from(await res.arrayBuffer()).toString('utf8');
  let start = 0;
  while (start < 2 && text.charCodeAt(start) === 0xfeff) start++;
  return start === 0 ? text : text.slice(start);
}

/** A v1 record as validation reads it: the cells' values, and their messages where a cell has any. */
function flatRecord(record: V1Record): SheetRecord {
  const values: Record<string, unknown> = {};
  let messages: SheetRecord['messages'];
  for (const key of Object.keys(record.values)) {
    const cell = record.values[key];
    if (!cell) continue;
    if (cell.value !== undefined) define(values, key, cell.value);
    if (cell.messages && cell.messages.length > 0) define((messages ??= {}), key, cell.messages);
  }
  return messages ? { id: record.id, values, messages } : { id: record.id, values };
}

/** Sets an own property, even one called `__proto__` (which plain assignment would take as the prototype). */
function define(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/**
 * The records of a v2 page: one flat JSON object per line, `{"__k":"<id>","<field>":<value>,…}`; empty cells are left
 * out. The line object itself is the record's values (field keys never start with `_`, so `__k`, `__n`… are never
 * read as fields). A line that is not a record with an id is an error naming the request.
 *
 * Read from the page's bytes a line at a time, decoded as `textOf` decodes the whole (UTF-8, bad bytes as U+FFFD, up
 * to two leading byte-order marks dropped; a line break is never part of a UTF-8 sequence, so decoding per line gives
 * the same text). A whole 3 MB page decoded at once is one string outside the heap (V8 keeps strings over ~1 MB
 * external) that lives until a full garbage collection: `external` stood 40–80 MiB above `arrayBuffers` while the
 * 1M-row bench validated. Lines are small heap strings that die young.
 */
export function jsonlRecords(page: Buffer, what: string): SheetRecord[] {
  const records: SheetRecord[] = [];
  let at = 0;
  for (let marks = 0; marks < 2 && page[at] === 0xef && page[at + 1] === 0xbb && page[at + 2] === 0xbf; marks++) at += 3;
  let line = 0;
  while (at < page.length) {
    let end = page.indexOf(0x0a, at);
    if (end < 0) end = page.length;
    const source = page.toString('utf8', at, end);
    at = end + 1;
    line++;
    if (source.trim() === '') continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(source);
    } catch (e) {
      throw new Error(`${what}, line ${line}: not JSON (${(e as Error).message})`, { cause: e });
    }
    const values = parsed as Record<string, unknown> | null;
    if (!values || typeof values !== 'object' || Array.isArray(values) || typeof values.__k !== 'string') {
      throw new Error(`${what}, line ${line}: not a record with a string __k id`);
    }
    records.push({ id: values.__k, values });
  }
  return records;
}

/**
 * `PUT /v1/sheets/{id}/records?commitId=…`, gzipped, as Flatfile's record hook writes back, through the gateway's raw
 * transport. The SDK cannot send the `commitId` query parameter on updates, and referencing the commit is what tells
 * the platform this write is the commit's own processing (it completes the commit rather than starting another hook
 * round). A PUT is idempotent: the transport retries it. 304: the platform found nothing to change.
 */
export async function putRecords(
  conn: FlatfileConnection,
  sheetId: string,
  commitId: string,
  records: RecordUpdate[],
  fetchImpl: typeof fetch = fetch,
): Promise<void> {
  const res = await flatfileRequest(
    conn,
    { method: 'PUT', path: `sheets/${encodeURIComponent(sheetId)}/records`, query: { commitId }, json: records },
    fetchImpl,
  );
  await res.body?.cancel();
}
