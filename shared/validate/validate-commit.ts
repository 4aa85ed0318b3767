import type { FlatfileApi, FlatfileConnection } from '../flatfile/client.js';
import type { Feed } from '../manifest/index.js';
import type { ValidateWork } from '../work/messages.js';
import { compileFeed, type Validator } from './compile.js';
import { checkRecord } from './check-record.js';
import type { FeedHooks } from './hooks.js';
import { commitPages, putRecords } from './records.js';
import type { RecordUpdate } from './types.js';

export interface ValidateOptions {
  /** Token and base URL of `api`: the write-back goes through fetch, see putRecords. */
  connection: FlatfileConnection;
  /** The feed's hook module, loaded once per process (loadFeedHooks) or bundled; none when absent. */
  hooks?: FeedHooks;
  /** Records per read; Flatfile's maximum and commit slice is 10,000. */
  pageSize?: number;
  /** Records per write-back request. */
  writeChunk?: number;
  fetch?: typeof fetch;
}

export interface ValidateResult {
  commitId: string;
  /** Records of the commit that were validated. */
  records: number;
  /** Of those, records with an error from our rules or hooks. */
  invalid: number;
  /** Records written back. */
  written: number;
  /** Whether we completed the commit ourselves (nothing to write and the workbook tracks changes). */
  completed: boolean;
}

const compiled = new WeakMap<Feed, Validator>();

/** The feed's validator, compiled once per manifest object. */
export function validatorFor(feed: Feed): Validator {
  let v = compiled.get(feed);
  if (!v) compiled.set(feed, (v = compileFeed(feed)));
  return v;
}

/**
 * Validates and transforms the records of one commit on a feed's destination sheet (`commit:created`), writes back
 * only what changed, and completes the commit. One pass over the commit's records, one page in memory at a time: it
 * reads nothing else of the sheet. Uniqueness within the file is the platform's `unique` constraint (the blueprint
 * declares it), kept by the platform as records are written, so a duplicate of a record from an earlier commit
 * flags both without this commit reading that one, and validating a commit again cannot flag a record against
 * itself. Idempotent: validating a commit again, or the commit of our own write-back, writes nothing.
 */
export async function validateCommit(
  api: Pick<FlatfileApi, 'commits'>,
  work: ValidateWork,
  feed: Feed,
  options: ValidateOptions,
): Promise<ValidateResult> {
  const { sheetId, commitId } = work;
  const validator = validatorFor(feed);
  const pageSize = options.pageSize ?? 10_000;
  const writeChunk = options.writeChunk ?? 1_000;
  const ctx = { feed: feed.name, commitId };
  const result: ValidateResult = { commitId, records: 0, invalid: 0, written: 0, completed: false };

  let pending: RecordUpdate[] = [];
  const flush = async (all: boolean) => {
    while (pending.length >= writeChunk || (all && pending.length > 0)) {
      const chunk = pending.slice(0, writeChunk);
      pending = pending.slice(writeChunk);
      await putRecords(options.connection, sheetId, commitId, chunk, options.fetch);
      result.written += chunk.length;
    }
  };

  // Only a hook can leave a warning or an info on a valid record (see commitPages).
  const allMessages = options.hooks?.record !== undefined;
  for await (const page of commitPages(options.connection, sheetId, commitId, pageSize, allMessages, options.fetch)) {
    for (const record of page) {
      result.records++;
      // Awaited only when the hook returned a promise: two awaits a record were two promises and two microtask turns.
      const done = checkRecord(record, validator, options.hooks, ctx);
      const checked = 'then' in done ? await done : done;
      if (checked.update) pending.push(checked.update);
      if (checked.invalid) result.invalid++;
    }
    await flush(false);
  }

  await flush(true);

  // A write that references the commit completes it (as the record hook relies on); otherwise we must.
  if (result.written === 0 && work.trackChanges) {
    await api.commits.complete(commitId);
    result.completed = true;
  }
  return result;
}
